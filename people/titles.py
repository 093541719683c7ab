"""Chinese job titles, honorifics, kinship/address forms and speech cues.
Pure data + tiny helpers, no Django imports."""

from __future__ import annotations

# Words a title phrase ends with (the head noun of "…局副局长", "…辅警").
TITLE_SUFFIXES = tuple(
    sorted(
        set(
            """书记 副书记 主任 副主任 局长 副局长 处长 科长 股长 部长 副部长 厅长 司长 署长 院长 副院长 所长 站长 队长 大队长
            中队长 组长 副组长 班长 排长 连长 营长 团长 旅长 师长 军长 司令 司令员 政委 参谋长 校长 副校长 园长 馆长 社长 总编
            总编辑 主编 编辑 记者 通讯员 董事长 总经理 经理 副经理 总裁 总监 主管 会长 副会长 理事长 秘书长 副秘书长 秘书 主席
            副主席 委员长 委员 常委 总理 副总理 总统 副总统 首相 外长 外交部长 部长助理 大使 公使 领事 参赞 省长 副省长 市长
            副市长 县长 副县长 区长 副区长 镇长 乡长 村长 州长 议长 议员 代表 民警 辅警 警官 警员 交警 干警 法官 检察官 检察长
            庭长 律师 医生 医师 护士 护士长 主任医师 教授 副教授 讲师 教师 老师 研究员 工程师 总工程师 会计师 驾驶员 司机
            负责人 工作人员 网格员 志愿者 职工 员工 党员 干部 指导员 教导员 调解员 保安 店长 厂长 矿长 行长 审计长 纪委书记
            支部书记 党委书记 总书记 主任委员 教练 运动员 作家 画家 诗人 演员 导演 歌唱家 艺术家 科学家 院士 专家 学者 博士
            硕士 将军 元帅 上将 中将 少将 大校 上校 中校 少校 国务卿 部长会议主席 总督 国王 女王 亲王 王子 公主 法老 省委书记
            市委书记 县委书记 区委书记 常务副市长 巡视员 调研员 专员 特派员 监察员 检查员 统计员 联络员 宣传员 管理员 技术员
            操作员 安全员 质检员 营业员 售货员 快递员 外卖员 乘务员 列车长 机长 船长 村支书 支书 农民 村民 居民 市民 群众""".split()
        ),
        key=len,
        reverse=True,
    )
)

# Honorifics/titles that directly follow a surname or a full name:
# 江主席, 邓先生, 王老, 毕教授, 张国强同志.
HONORIFICS_AFTER = tuple(
    sorted(
        set(
            """先生 女士 小姐 夫人 太太 同志 老 主席 总理 总书记 书记 总统 首相 教授 博士 院士 部长 局长 主任 市长 省长 县长 校长
            院长 委员 大使 将军 总 董 经理 师傅 老师 医生 大夫 律师 法官 警官 阁下 总督 元帅 司令 委员长 副主席 副总理 厂长 队长
            科长 处长 所长 站长 社长 主编 会长 秘书长 议长 州长 省长 县长 参赞 代表 团长 师长""".split()
        ),
        key=len,
        reverse=True,
    )
)

# Kinship / familiar address forms after a surname: 李哥, 王姐, 张叔.
KINSHIP_AFTER = frozenset("哥 姐 叔 婶 姨 嫂 伯 爷 奶 婆 妈 爸 妹 弟 舅 姑 娘 公 翁 伢 娃".split())
KINSHIP_WORDS = frozenset(
    """大哥 大姐 大爷 大妈 大娘 大叔 大婶 大嫂 大伯 阿姨 奶奶 爷爷 姥姥 姥爷 婆婆 嫂子 叔叔 伯伯 师傅 大夫 老汉 老太 老伯 老头 小姐 妹妹 哥哥 姐姐""".split()
)
# Family members named by their family (赵家女儿, 王家老二): 家 after a surname, then one of these.
FAMILY_MEMBERS = frozenset(
    """女儿 儿子 闺女 姑娘 小子 孩子 老大 老二 老三 老四 老幺 媳妇 儿媳 女婿 兄弟 姐妹 大哥 大姐 二哥 二姐 长子 次子 长女 次女""".split()
)
# Prefixes of familiar forms before a surname: 老王, 小张, 阿三.
FAMILIAR_BEFORE = frozenset("老小阿")

# Verbs of saying etc. that typically follow a person's name.
SPEECH_AFTER = tuple(
    """说 表示 指出 认为 强调 介绍 告诉 称 答 问 回答 坦言 透露 提出 说道 笑着说 解释 回忆 宣布 致辞 讲话 发言 会见 会晤 接见
    主持 出席 参加 看望 慰问 率领 带领 陪同 访问 希望 要求 感谢 担任 当选 同志 一行 等人 等 先生 女士 报道""".split()
)

# Words which, directly before a name, introduce it as a person.
PERSON_CUE_BEFORE = frozenset(
    """记者 通讯员 会见 会晤 接见 陪同 看望 慰问 感谢 祝贺 致电 致函 请 邀请 委托 授予 任命 选举 推举
    夫人 丈夫 妻子 儿子 女儿 父亲 母亲""".split()
)

# Anonymised forms: 孙某, 李某某, 王某人.
ANON_CHAR = "某"

# Tokens that end the backward scan for a title.
TITLE_STOP_WORDS = frozenset(
    """是 为 由 记 带领 率领 陪同 会同 和 与 及 同 跟 向 对 让 请 被 把 将 在 从 到 给 叫 称 当 像 如 有 还有 还 也 都 就 已 又
    了 着 过 看到 发现 认识 采访 找到 告诉 联系 询问 安排 说 表示""".split()
)

# Words before a place name (抵达波士顿, 前往温哥华): evidence against a person.
PLACE_CUE_BEFORE = frozenset(
    """来自 抵达 抵 到 到达 前往 飞抵 离开 离 赴 来到 途经 经 于 位于 在 从 去 回 返回 访问 出访 驻 本报 飞往 开往 途径""".split()
)
# Tokens right after a place/organisation name.
PLACE_SUFFIX_AFTER = frozenset("市省县区州镇乡村路街港湾岛河湖山")
PLACE_WORDS_AFTER = frozenset(
    """大学 学院 中学 小学 公司 集团 银行 医院 政府 地区 方面 人民 国家 联盟 共和国 王国 时间 电 讯 港 机场 首都 大街 大道 大桥 辖区 派出所 境内""".split()
)
