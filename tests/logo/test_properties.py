"""Property tests: no input makes the checks raise or fail inside, and encoded attacks are still caught."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.errors import InvalidLogo
from cde_mcp.logo.checks import LogoInspection, check_logo, inspect_logo

# Logos to mutate when the shared corpus is missing; the corpus adds real ones when present.
BUILT_IN_SAMPLES = [
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><title>A</title><path d="M0 0h24v24z"/></svg>',
    b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n<!ENTITY ns_ai "http://ns.adobe.com/AI/10.0/">\n'
    b'<!ENTITY st0 "fill:#010101;">\n]>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="&ns_ai;" '
    b'viewBox="0 0 10 10"><style><![CDATA[.a{fill:url(#g)}]]></style><g style="&st0;"><use href="#r"/>'
    b'<rect id="r" width="1"/></g><!-- Generator: tool --></svg>',
]
# Fragments that steer mutations toward the parts of the checks that matter.
TOKENS = [
    b"<", b">", b"&", b";", b'"', b"'", b"\x00", b"\xff", b"\n", b"\t", b"&amp;", b"&#x3A;", b"&#106;",
    b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<script>", b"</svg>", b"<?pi x?>", b"<!ENTITY a 'b'>",
    b"<!DOCTYPE svg [", b"]>", b' xmlns="http://www.w3.org/2000/svg"', b' href="javascript:x"', b' onload="x"',
    b"url(", b"@import ", b"\\75 rl(", b'<use href="#a"/>', b' id="a"', b"\xef\xbb\xbf", b"\x1f\x8b",
]  # fmt: skip
JAVASCRIPT_IGNORED = ["\t", "\n", "\r", "&#9;", "&#x0A;", "&#13;"]

property_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_consistent(data: bytes, inspection: LogoInspection) -> None:
    assert inspection.valid == (not inspection.problems)
    assert all(problem.kind != "checker failure" for problem in inspection.problems)
    assert all(problem.location and problem.message and problem.fix for problem in inspection.problems)
    if inspection.valid:
        assert inspection.upload is not None
        assert inspection.size_bytes == len(inspection.upload)
        assert inspection.sha256 == hashlib.sha256(inspection.upload).hexdigest()
    else:
        assert inspection.upload is None
        assert inspection.size_bytes == len(data)
        assert inspection.sha256 == hashlib.sha256(data).hexdigest()


def mutate(draw: st.DrawFn, sample: bytes) -> bytes:
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "token"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            data[at:at] = draw(st.sampled_from(TOKENS))
    return bytes(data)


@pytest.fixture(scope="module")
def samples(accepted_samples: list[bytes]) -> list[bytes]:
    return BUILT_IN_SAMPLES + accepted_samples


@property_settings
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_consistent(data, inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES))


@property_settings
@given(data=st.binary(max_size=512))
def test_arbitrary_bytes_with_small_limit(data: bytes) -> None:
    assert_consistent(data, inspect_logo(data, max_bytes=256))


@property_settings
@given(choice=st.data())
def test_mutated_logos_never_raise(samples: list[bytes], choice: st.DataObject) -> None:
    data = mutate(choice.draw, choice.draw(st.sampled_from(samples)))
    inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert_consistent(data, inspection)
    if inspection.valid:
        assert inspect_logo(inspection.upload or b"", max_bytes=DEFAULT_LOGO_MAX_BYTES).upload == inspection.upload


@property_settings
@given(choice=st.data())
def test_check_logo_raises_only_invalid_logo(samples: list[bytes], choice: st.DataObject) -> None:
    data = mutate(choice.draw, choice.draw(st.sampled_from(samples)))
    if inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).valid:
        assert check_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).valid
    else:
        with pytest.raises(InvalidLogo) as raised:
            check_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
        assert raised.value.details["problems"]


@st.composite
def obfuscated_javascript(draw: st.DrawFn) -> str:
    """Spell "javascript:" with random case, character references and ignored characters between letters."""
    parts = [draw(st.sampled_from([" ", "&#32;", ""]))]
    for char in "javascript:":
        letter = draw(st.sampled_from([char, char.upper()]))
        parts.append(draw(st.sampled_from([letter, f"&#{ord(letter)};", f"&#x{ord(letter):x};"])))
        parts.append("".join(draw(st.lists(st.sampled_from(JAVASCRIPT_IGNORED), max_size=2))))
    return "".join(parts) + "alert(1)"


@property_settings
@given(href=obfuscated_javascript(), attribute=st.sampled_from(["href", "xlink:href"]))
def test_obfuscated_javascript_url_rejected(href: str, attribute: str) -> None:
    data = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<a {attribute}="{href}"><rect width="1" height="1"/></a></svg>'
    ).encode()
    problems = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert [(p.kind, p.location) for p in problems] == [("javascript: URL", f"svg/a@{attribute}")]


@st.composite
def escaped_css_url(draw: st.DrawFn) -> str:
    """Write url("https://...") with random CSS escapes in the function name and the URL, and comments around."""

    def escape(text: str) -> str:
        out = []
        for char in text:
            style = draw(st.sampled_from(["plain", "upper", "hex", "hex-space"]))
            if style == "upper":
                out.append(char.upper())
            elif style == "hex":
                out.append(f"\\{ord(char):06x}")
            elif style == "hex-space":
                out.append(f"\\{ord(char):x} ")
            else:
                out.append(char)
        return "".join(out)

    comment = draw(st.sampled_from(["", "/* x */", "/**/"]))
    return f'{comment}fill:{comment}{escape("url")}("{escape("https")}://example.com/p.svg#p"){comment}'


@property_settings
@given(css=escaped_css_url())
def test_escaped_css_url_rejected(css: str) -> None:
    data = f"<svg xmlns='http://www.w3.org/2000/svg'><style>.a {{ {css} }}</style><rect style='{css}'/></svg>"
    problems = inspect_logo(data.encode(), max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert [(p.kind, p.location) for p in problems] == [
        ("external URL", "svg/style"),
        ("external URL", "svg/rect@style"),
    ]
