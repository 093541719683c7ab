"""The body sanitizer: what must never survive, and what editors need kept."""

import pytest

from articles.sanitize import html_to_text, sanitize_html

# Each payload is a way to run script or restyle the page that has been seen in
# the wild (OWASP XSS filter evasion cheat sheet and friends).
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert('x')\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="https://evil.example"><input name=q></form>',
    "<button formaction=javascript:alert(1)>x</button>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">x</div>',
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<p onclick="alert(1)" onmouseover="alert(2)">点</p>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<base href="javascript:alert(1)//">',
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x:alert(1) onerror=eval(src)>",
    '<a href="https://ok.example" target="_blank" onfocus=alert(1) autofocus>x</a>',
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "ontoggle",
    "onfocus",
    "javascript:",
    "vbscript:",
    "data:text",
    "<iframe",
    "<form",
    "<input",
    "<button",
    "style=",
    "<style",
    "<link",
    "<meta",
    "<object",
    "<embed",
    "<svg",
    "<math",
    "<base",
    "<body",
    "srcdoc",
    "formaction",
    "background=",
]


def test_there_are_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_loses_everything_that_runs_or_restyles(payload):
    cleaned = sanitize_html(payload).lower()
    for marker in FORBIDDEN:
        assert marker not in cleaned, (payload, cleaned)


@pytest.mark.parametrize(
    "html",
    [
        "<p>冬日的朔州，凉风打脸。</p>",
        "<h2>尽心尽责，赤心一片担使命</h2>",
        "<h3>小标题</h3><h4>更小</h4>",
        "<ul>\n<li>一</li>\n<li>二</li>\n</ul>",
        "<ol>\n<li>一</li>\n</ol>",
        "<p><strong>粗</strong><em>斜</em><u>下划线</u><s>删除</s></p>",
        "<blockquote><p>引文</p></blockquote>",
        '<p><img alt="核酸采样" height="300" src="https://img.example/a.jpg" width="400"></p>',
        '<table><thead><tr><th scope="col">项</th></tr></thead><tbody><tr><td colspan="2">值</td></tr></tbody></table>',
    ],
)
def test_article_structure_survives_unchanged(html):
    assert sanitize_html(html) == html


def test_links_survive_with_rel_added():
    cleaned = sanitize_html('<p><a href="https://www.gov.cn/" title="政府网">政府网</a></p>')
    assert 'href="https://www.gov.cn/"' in cleaned
    assert 'title="政府网"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_unknown_tags_are_unwrapped_keeping_their_text():
    assert sanitize_html("<p><span class=x>核酸</span>检测</p>") == "<p>核酸检测</p>"


def test_empty_body_stays_empty():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""


def test_html_to_text_strips_tags_decodes_entities_and_keeps_paragraphs():
    text = html_to_text("<p>第一段 &amp; <strong>重点</strong></p><h2>小标题</h2><p>第二段&lt;b&gt;</p>")
    assert text == "第一段 & 重点\n小标题\n第二段<b>"


def test_a_phone_link_from_the_editors_link_dialog_keeps_its_number():
    # CKEditor 4.22's link dialog has a 电话 (phone) link type, which writes href="tel:…".
    cleaned = sanitize_html('<p>咨询电话：<a href="tel:0349-2022110">0349-2022110</a></p>')
    assert 'href="tel:0349-2022110"' in cleaned
