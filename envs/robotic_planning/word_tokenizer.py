"""The word tokenizer the reference's PDDL command parser relies on, reproduced as rules.

AgentBoard's `text_to_action` (and LearnAct's copy) lower-cases a command and splits it with
`nltk.word_tokenize`: Punkt sentence splitting, then NLTK's improved Treebank word rules on each
sentence. Which commands are accepted hangs on those rules, so they are reproduced here (NLTK is
Apache-2.0; no NLTK install and no model download is needed):

- sentences (`sentences`): Punkt's candidate breaks (`.`, `?`, `!` followed by space and a token,
  or by one of `)";}]*:@'({[!?`), Punkt's word segmentation of each candidate's context, its
  first-pass annotation (a word ending in one period, or a lone `?`/`!`, breaks the sentence; `..`
  is an ellipsis) and its second-pass rule for initials (`a.`) and numbers (`1.`), which do not
  break before a lower-case word or punctuation; closing brackets and quotes after a break are
  realigned onto the sentence they close.
- words (`treebank_words`): quotes (straight, curly, chevrons, backticks), `,` and `:` unless a
  digit follows, `;@#$%&*?!`, brackets `()[]{}<>` and `--` split off; a period splits off only at
  the end of a sentence (so a word's *leading* period stays: `.b2` is not `b2`); an apostrophe
  before a word is kept on it unless a clitic follows (`'b2` stays `'b2`), and a closing one splits
  off (`b2'` gives `b2` and `'`); clitics (`'s`, `n't`, ...) and `cannot`-style words are split.

The one thing not reproduced is the trained English Punkt model's lists (about a thousand
abbreviations such as "mr" or "jan", and their collocations): with them, such a word followed by
a period and a lower-case word does not end a sentence, so it keeps its period. No operator or
object name of the four games is such an abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# ---- Punkt sentence splitting (untrained parameters) ---------------------------------------
_NON_WORD = r"(?:[)\";}\]\*:@\'\({\[!?])"
_MULTI_CHAR = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
_WORD_START = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
_PUNKT_WORD = re.compile(
    rf"""(
        {_MULTI_CHAR}
        |
        (?={_WORD_START})\S+?
        (?=\s|$|{_NON_WORD}|{_MULTI_CHAR}|,(?=$|\s|{_NON_WORD}|{_MULTI_CHAR}))
        |
        \S
    )""",
    re.UNICODE | re.VERBOSE,
)
_PERIOD_CONTEXT = re.compile(
    rf"[.?!](?=(?P<after_tok>{_NON_WORD}|\s+(?P<next_tok>\S+)))", re.UNICODE | re.VERBOSE
)
_REALIGN = re.compile(r"[\"\')\]}]+?(?:\s+|(?=--)|$)", re.MULTILINE)
_ELLIPSIS = re.compile(r"\.\.+$")
_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_INITIAL = re.compile(r"[^\W\d]\.$", re.UNICODE)
_SENT_END = (".", "?", "!")
_NOT_A_STARTER = tuple(";:,.!?")


def _breaks(tokens: list[str]) -> list[bool]:
    """Punkt's annotation of each token as a sentence break, with empty trained parameters."""
    marks = []
    for tok in tokens:
        period_final = tok.endswith(".")
        marks.append(tok in _SENT_END or (not _ELLIPSIS.match(tok) and period_final and not tok.endswith("..")))
    for i, tok in enumerate(tokens[:-1]):
        if not tok.endswith("."):
            continue
        typ = _NUMERIC.sub("##number##", tok.lower())
        typ = typ[:-1] if len(typ) > 1 and typ[-1] == "." else typ
        if _INITIAL.match(tok) or typ == "##number##":
            following = tokens[i + 1]
            # the orthographic heuristic: punctuation or a lower-case word never starts a sentence
            if following in _NOT_A_STARTER or following[0].islower():
                marks[i] = False
            elif _INITIAL.match(tok) and following[0].isupper():  # "J. Bach" (untrained: any upper word)
                marks[i] = False
    return marks


def _contains_break(context: str) -> bool:
    tokens = [t for line in context.split("\n") if line.strip() for t in _PUNKT_WORD.findall(line)]
    marks = _breaks(tokens)
    return any(marks[i] for i in range(len(tokens) - 1))


def _last_whitespace(text: str) -> int:
    for i in range(len(text) - 1, -1, -1):
        if text[i].isspace():
            return i
    return 0


def _end_contexts(text: str) -> Iterator[tuple[re.Match, str]]:
    previous: tuple[re.Match, slice] | None = None
    for match in _PERIOD_CONTEXT.finditer(text):
        before_stop = previous[1].stop if previous else 0
        space = _last_whitespace(text[before_stop : match.start()])
        start = space + before_stop + 1 if space else (previous[1].start if previous else 0)
        word = slice(start, match.start())
        if previous and previous[1].stop <= word.start:
            yield previous[0], text[previous[1]] + previous[0].group() + previous[0].group("after_tok")
        previous = (match, word)
    if previous:
        yield previous[0], text[previous[1]] + previous[0].group() + previous[0].group("after_tok")


def sentences(text: str) -> list[str]:
    """Punkt's sentence split of `text` (realigned boundaries, as `sent_tokenize` does)."""
    slices, last = [], 0
    for match, context in _end_contexts(text):
        if _contains_break(context):
            slices.append(slice(last, match.end()))
            last = match.start("next_tok") if match.group("next_tok") else match.end()
    slices.append(slice(last, len(text.rstrip())))
    result, realign = [], 0
    for index, current in enumerate(slices):
        current = slice(current.start + realign, current.stop)
        following = slices[index + 1] if index + 1 < len(slices) else None
        if following is None:
            if text[current]:
                result.append(text[current])
            continue
        found = _REALIGN.match(text[following])
        if found:
            result.append(text[current.start : following.start + len(found.group(0).rstrip())])
            realign = found.end()
        else:
            realign = 0
            if text[current]:
                result.append(text[current])
    return result


# ---- NLTK's improved Treebank word rules --------------------------------------------------
_STARTING_QUOTES = [
    (re.compile("([«“‘„]|[`]+)", re.U), r" \1 "),
    (re.compile(r"^\""), r"``"),
    (re.compile(r"(``)"), r" \1 "),
    (re.compile(r"([ \(\[{<])(\"|\'{2})"), r"\1 `` "),
    (re.compile(r"(?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b", re.U), r"\1 \2"),
]
_PUNCTUATION = [
    (re.compile(r'([^\.])(\.)([\]\)}>"\'' "»”’ " r"]*)\s*$", re.U), r"\1 \2 \3 "),
    (re.compile(r"([:,])([^\d])"), r" \1 \2"),
    (re.compile(r"([:,])$"), r" \1 "),
    (re.compile(r"\.{2,}", re.U), r" \g<0> "),
    (re.compile(r"[;@#$%&]"), r" \g<0> "),
    (re.compile(r'([^\.])(\.)([\]\)}>"\']*)\s*$'), r"\1 \2\3 "),
    (re.compile(r"[?!]"), r" \g<0> "),
    (re.compile(r"([^'])' "), r"\1 ' "),
    (re.compile(r"[*]", re.U), r" \g<0> "),
]
_BRACKETS = (re.compile(r"[\]\[\(\)\{\}\<\>]"), r" \g<0> ")
_DOUBLE_DASH = (re.compile(r"--"), r" -- ")
_ENDING_QUOTES = [
    (re.compile("([»”’])", re.U), r" \1 "),
    (re.compile(r"''"), " '' "),
    (re.compile(r'"'), " '' "),
    (re.compile(r"([^' ])('[sS]|'[mM]|'[dD]|') "), r"\1 \2 "),
    (re.compile(r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), r"\1 \2 "),
]
_CONTRACTIONS = [
    re.compile(pattern)
    for pattern in (
        r"(?i)\b(can)(?#X)(not)\b", r"(?i)\b(d)(?#X)('ye)\b", r"(?i)\b(gim)(?#X)(me)\b",
        r"(?i)\b(gon)(?#X)(na)\b", r"(?i)\b(got)(?#X)(ta)\b", r"(?i)\b(lem)(?#X)(me)\b",
        r"(?i)\b(more)(?#X)('n)\b", r"(?i)\b(wan)(?#X)(na)(?=\s)",
        r"(?i) ('t)(?#X)(is)\b", r"(?i) ('t)(?#X)(was)\b",
    )
]


def treebank_words(sentence: str) -> list[str]:
    """NLTK's word rules for one sentence (`NLTKWordTokenizer.tokenize`)."""
    text = sentence
    for pattern, replacement in [*_STARTING_QUOTES, *_PUNCTUATION, _BRACKETS, _DOUBLE_DASH]:
        text = pattern.sub(replacement, text)
    text = f" {text} "
    for pattern, replacement in _ENDING_QUOTES:
        text = pattern.sub(replacement, text)
    for pattern in _CONTRACTIONS:
        text = pattern.sub(r" \1 \2 ", text)
    return text.split()


def word_tokenize(text: str) -> list[str]:
    """`nltk.word_tokenize(text)`: sentences first, then the word rules on each."""
    return [token for sentence in sentences(text) for token in treebank_words(sentence)]
