"""Next-letter explorer (chapter 10): type the start of a name, see what the model expects next.

The bars are p(next token | the last k letters) for the 27 tokens (a–z and "." for the end
of the name), at temperature T: softmax(z / T). A button draws a continuation from the same
distribution. ``next_token_figure`` is the pure update function; ``language_explorer``
wraps it in a text box, a temperature slider and the button.
"""

import numpy as np

from .. import _checks, language, plots, seeds
from . import Canvas, Canvases, canvas, fixed_layout

__all__ = ["next_token_figure", "continue_name", "language_explorer", "page_view"]

T_RANGE = (0.1, 3.0)  # the temperature slider's range


def _context(text):
    if not isinstance(text, str):
        raise TypeError(f"the context must be a string of letters a-z, got {type(text).__name__}")
    text = text.strip().lower()
    bad = sorted({c for c in text if c not in language.ALPHABET[1:]})
    if bad:
        raise ValueError(f"type letters a-z only (the model knows no {''.join(bad)!r})")
    return text


def _temperature(value):
    return _checks.real(value, "temperature", *T_RANGE)


def next_token_figure(model, context="mar", temperature=1.0, *, canvases=None):
    """The explorer's picture: bars of p(next token) after ``context``; returns (Figure, numbers).

    ``numbers`` holds "p" (27 probabilities, "." first), "seen" (the k letters the model
    looks at, padded with '.') and "top" (the most likely next token as a character). With
    ``canvases`` (the widget's own), the figure is built once and updated in place.
    """
    context, temperature = _context(context), _temperature(temperature)
    p = model.next_token_probabilities(context, temperature)
    seen = ("." * model.k + context)[-model.k:]
    drawn = canvas(canvases, "bars", _canvas)
    for bar, value in zip(drawn.bars, p):
        bar.set_height(value)
    top = language.ALPHABET[int(np.argmax(p))]
    shown = "end" if top == "." else f"'{top}'"
    drawn.title.set_text(f"after '{context}' (the model sees '{seen}'), T = {temperature:.2g}:"
                         f" most likely next {shown}, p = {p.max():.2f}")
    return drawn.fig, {"p": p, "seen": seen, "top": top}


def _canvas():
    """Axes, tick labels and bars, built once per explorer; the bars and title move."""
    fig, ax = plots.figure(1, 1, width=9.0, height=3.0)
    fixed_layout(fig, left=0.07, right=0.99, bottom=0.17, top=0.88)
    V = len(language.ALPHABET)
    bars = ax.bar(np.arange(V), np.zeros(V), color=plots.COLORS["blue"], animated=True)
    ax.set_xticks(np.arange(V), ["end"] + list(language.ALPHABET[1:]))
    ax.set(xlim=(-0.7, V - 0.3), ylim=(0, 1), ylabel="p(next letter)")
    title = ax.set_title(" ", y=1.0, pad=6, fontsize=10, animated=True)
    return Canvas(fig, bars=bars, title=title)


def continue_name(model, context, temperature=1.0, rng=None, max_length=20):
    """The context plus letters drawn one at a time at temperature T until the end token."""
    context, temperature = _context(context), _temperature(temperature)
    rng = seeds.rng(rng)
    letters = context
    for _ in range(max_length):
        p = model.next_token_probabilities(letters, temperature)
        token = int(rng.choice(len(p), p=p))
        if token == 0:
            break
        letters += language.ALPHABET[token]
    return letters


def language_explorer(model, context="mar", temperature=1.0, seed=0):
    """A text box, a temperature slider and a sample button around ``next_token_figure``."""
    import ipywidgets as w

    from . import show, show_error

    title = "Next-letter explorer: what the model expects after the letters you type"
    text = w.Text(value=context, description="name so far", continuous_update=True,
                  style={"description_width": "initial"}, layout=w.Layout(width="260px"))
    temp = w.FloatLogSlider(value=temperature, base=10, min=np.log10(T_RANGE[0]),
                            max=np.log10(T_RANGE[1]), step=0.02, description="temperature T",
                            style={"description_width": "initial"},
                            layout=w.Layout(width="300px"))
    button = w.Button(description="sample a name", icon="random",
                      layout=w.Layout(width="150px"))
    sampled = w.HTML(value="")
    out = w.Output()
    rng = seeds.rng(seed)
    canvases = Canvases()

    def refresh(_change=None):
        try:
            show(out, next_token_figure(model, text.value, temp.value, canvases=canvases),
                 title=title, canvases=canvases)
        except (TypeError, ValueError) as error:
            show_error(out, error)

    def on_sample(_button):
        try:
            name = continue_name(model, text.value, temp.value, rng)
        except (TypeError, ValueError) as error:
            sampled.value = f"<i>{type(error).__name__}: {error}</i>"
            return
        sampled.value = f"sampled: <b>{name}</b>"

    refresh()
    text.observe(refresh, names="value")
    temp.observe(refresh, names="value")
    button.on_click(on_sample)
    controls = w.HBox([text, temp, button, sampled], layout=w.Layout(flex_flow="row wrap"))
    return w.VBox([w.HTML(f"<b>{title}</b>"), controls, out])


def chapter_model():
    """Chapter 10's first network, trained as the chapter trains it: NeuralLM(k=3, d=10,
    hidden=100, seed 0), Adam at η = 3·10⁻³, 12 epochs of minibatches of 128."""
    from .. import data, optim

    X, y = language.contexts(data.names("train"), 3)
    model = language.NeuralLM(len(language.ALPHABET), k=3, d=10, hidden=100, seed=0)
    language.fit(model, optim.Adam(model.params, lr=3e-3), X, y, epochs=12, batch_size=128,
                 seed=0)
    return model


def page_view(model=None):
    """The explorer on the web page: the name typed so far (a prefix of "margaret") and T."""
    import functools

    from .page import Control, PageView

    update = functools.partial(next_token_figure, chapter_model() if model is None else model)
    prefixes = tuple("margaret"[:i] for i in range(1, 9))
    return PageView(update, [Control("context", "name so far", prefixes, start="mar"),
                             Control("temperature", "temperature T",
                                     (0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0), start=1.0)],
                    title="Next-letter explorer", notebook_only=("names you type",
                                                                  "sampling a name"))
