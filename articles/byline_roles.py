"""How a Chinese paper prints a byline's role, said once for the importer,
the person extractor and the reader's pages.

Pure Python: the importer and the extractor read it without Django. The
roles are ``Byline.Role``'s values.
"""

# The words printed before the names of a byline, with the role each gives
# them; longest first, so that 本报记者 wins over 记者.
PRINTED_ROLE_WORDS: list[tuple[str, str]] = [
    ("新华社特约记者", "reporter"),
    ("新华社记者", "reporter"),
    ("本报特约记者", "reporter"),
    ("本报记者", "reporter"),
    ("特约记者", "reporter"),
    ("见习记者", "reporter"),
    ("实习记者", "reporter"),
    ("首席记者", "reporter"),
    ("摄影记者", "photographer"),
    ("融媒体记者", "reporter"),
    ("全媒体记者", "reporter"),
    ("融媒记者", "reporter"),
    ("记者", "reporter"),
    ("实习生", "reporter"),
    ("特约通讯员", "correspondent"),
    ("本报通讯员", "correspondent"),
    ("通讯员", "correspondent"),
    ("责任编辑", "editor"),
    ("编辑", "editor"),
    ("责编", "editor"),
    ("校对", "editor"),
    ("美编", "editor"),
    ("摄影", "photographer"),
    ("作者", "author"),
    ("特约评论员", "author"),
    ("评论员", "author"),
    ("文/图", "author"),
    ("文图", "author"),
    ("文/", "author"),
    ("图/", "photographer"),
]
ROLE_WORDS: dict[str, str] = dict(PRINTED_ROLE_WORDS)

# Words printed after a byline's names saying what they did (本报记者 X 整理,
# X 编译, 记者 X 发自北京): the names keep their role, and the words are no name.
TRAILING_ACTION_WORDS: tuple[str, ...] = ("综合报道", "联合报道", "报道", "整理", "编译", "撰稿", "采写", "执笔")

# The words that, in running text, put the names after them in a byline
# (记者 武跃林, 通讯员 孙宇, 供稿 X): the person extractor leaves such names out
# of the people a story is about.
NAME_INTRODUCERS: tuple[str, ...] = ("记者", "通讯员", "实习生", "摄影", "供稿", "撰稿", "作者")

# How the site prints a role around a name: 记者 张三, 王汉平 摄, 市纪委监委提供
# (on the web the papers use the shorter 摄 after the name, not 摄影 before it).
WEB_PREFIX: dict[str, str] = {"reporter": "记者", "correspondent": "通讯员", "editor": "编辑"}
WEB_SUFFIX: dict[str, str] = {"photographer": "摄", "credit": "提供"}
