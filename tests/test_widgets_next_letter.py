"""Next-letter explorer (chapter 10): bars are the model's softmax, errors are plain, wrapper."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import (  # noqa: E402
    activations,
    language,
    widgets,  # noqa: E402
)
from backprop.widgets import next_letter  # noqa: E402

ipywidgets = pytest.importorskip("ipywidgets")
MODEL = language.NeuralLM(seed=3)


@pytest.mark.parametrize("context, temperature", [("", 0.1), ("mar", 1.0), ("abcdefghij", 3.0),
                                                  ("  Mar ", 0.5)])
def test_bars_are_the_models_softmax_at_temperature_t(context, temperature):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, numbers = next_letter.next_token_figure(MODEL, context, temperature)
        fig.savefig(io.BytesIO(), format="png")
    assert isinstance(fig, Figure) and plt.get_fignums() == []
    tokens = ([0] * MODEL.k + language.encode(context.strip().lower()))[-MODEL.k:]
    logits = MODEL.predict(np.array([tokens]))[0]
    assert np.allclose(numbers["p"], activations.softmax(logits / temperature))
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert np.allclose(heights, numbers["p"]) and len(heights) == 27
    assert numbers["seen"] == language.decode(tokens)
    assert numbers["top"] == language.ALPHABET[int(np.argmax(numbers["p"]))]
    assert "most likely next" in fig.axes[0].get_title()


def test_figure_is_built_once_per_explorer():
    canvases = widgets.Canvases()
    first, _ = next_letter.next_token_figure(MODEL, "a", canvases=canvases)
    again, _ = next_letter.next_token_figure(MODEL, "an", 2.0, canvases=canvases)
    other, _ = next_letter.next_token_figure(MODEL, "an", 2.0)     # another explorer's
    assert first is again and other is not first


def test_low_temperature_sharpens_high_temperature_flattens():
    cold = next_letter.next_token_figure(MODEL, "mar", 0.1)[1]["p"].max()
    warm = next_letter.next_token_figure(MODEL, "mar", 1.0)[1]["p"].max()
    hot = next_letter.next_token_figure(MODEL, "mar", 3.0)[1]["p"].max()
    assert cold > warm > hot > 1 / 27


@pytest.mark.parametrize("context, temperature, error, match", [
    ("ma3", 1.0, ValueError, "letters a-z only"),
    (42, 1.0, TypeError, "string of letters"),
    ("ma", 0.0, ValueError, "temperature must lie in"),
    ("ma", "hot", TypeError, "temperature must be a real number"),
])
def test_bad_input_gets_a_plain_error(context, temperature, error, match):
    with pytest.raises(error, match=match):
        next_letter.next_token_figure(MODEL, context, temperature)


def test_continue_name_keeps_the_context_and_is_seeded():
    a = next_letter.continue_name(MODEL, "mar", 1.0, rng=5)
    assert a.startswith("mar") and a == next_letter.continue_name(MODEL, "mar", 1.0, rng=5)
    assert set(a) <= set(language.ALPHABET[1:]) and len(a) <= 3 + 20


def test_wrapper_updates_on_typing_and_samples_on_click():
    box = next_letter.language_explorer(MODEL, context="an")
    _, controls, out = box.children
    text, temp, button, sampled = controls.children
    assert out.outputs[0]["output_type"] == "display_data"
    html = out.outputs[0]["data"]["text/html"]
    assert 'alt="Next-letter explorer' in html and "after &#x27;an&#x27;" in html
    text.value = "ann"
    assert "after &#x27;ann&#x27;" in out.outputs[0]["data"]["text/html"]
    text.value = "an!"
    assert out.outputs[0]["name"] == "stderr" and "letters a-z only" in out.outputs[0]["text"]
    text.value = "an"
    button.click()
    assert sampled.value.startswith("sampled: <b>an")
    temp.value = 2.0
    assert "T = 2" in out.outputs[0]["data"]["text/html"]
