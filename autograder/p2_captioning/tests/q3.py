"""Public check 3: the captions describe the scene (exact match on validation scenes)."""

from otter.test_files import test_case

from nnkit import bleu, scenes
from nnkit.feedback import as_array
from nnkit.projectcheck import VALIDATION_SEED, load_submitted

OK_FORMAT = False
name = "q3"

# the image-blind starter writes one caption for every scene (about 0 % exact match); a
# captioner that reads the image gets whole captions right
EXACT_MATCH_TO_BEAT = 0.2


@test_case(points=3, hidden=False)
def test_validation_exact_match(model):
    images, captions = scenes.make_scenes(500, seed=VALIDATION_SEED)
    net = load_submitted(model)
    tokens = as_array("caption(net, images)", model.caption(net, images))
    hypotheses = [scenes.decode(row) for row in tokens.reshape(len(images), -1)]
    references = [scenes.decode(row) for row in captions]
    exact = bleu.exact_match(references, hypotheses)
    score = bleu.corpus_bleu(references, hypotheses)
    assert exact >= EXACT_MATCH_TO_BEAT, (
        f"exact match on the validation scenes is {exact:.1%} (BLEU-4 {score:.3f}), below "
        f"{EXACT_MATCH_TO_BEAT:.0%}: for example '{' '.join(hypotheses[0])}' for "
        f"'{' '.join(references[0])}'. Feed the image to the RNN at the start (CNN encoder)"
    )
