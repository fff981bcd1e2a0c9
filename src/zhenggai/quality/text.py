"""Cue words the rules share: stock phrases, concrete anchors, intentions.

Kept in one place so that the rules agree on what counts as "concrete" and a
correction made for one rule helps the others.
"""

from __future__ import annotations

import re

CJK = r"\u3400-\u9fff"

# Leading list markers the parser leaves on a measure: 一是 （1） 1. ① 第一，
MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}是|[（(][0-9一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、]|"
    r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|第[一二三四五六七八九十]{1,3}[，,、：:])\s*"
)

# Stock phrases (套话): an adverb of zeal followed by a verb of improvement.
STOCK = re.compile(
    r"(?:进一步|切实|认真|不断|着力|持续|严格|全面|扎实|深入|积极|大力|坚决|始终|努力|全力|狠抓|牢固|高度|真正)"
    r"(?:加强|提高|提升|增强|强化|完善|健全|规范|落实|推进|推动|深化|压实|抓好|做好|做到|履行|执行|贯彻|学习|开展|"
    r"树立|重视|营造|加大|抓实|夯实|改进|发挥|把握|坚持|维护|解决|整改|转变|提振|聚焦|筑牢)"
)

# What makes a measure concrete: a date, a count, a named document, a meeting, a person,
# a named body or a verb of a specific act.
DATE = re.compile(r"[0-9０-９]{4}年|[0-9０-９一二三四五六七八九十]{1,3}月(?:[0-9０-９]{1,2}日|份|底|初|中旬|上旬|下旬)?|"
                  r"[0-9０-９]{1,2}日|年底|年初|年内|年中|上半年|下半年|[一二三四]季度|今年以来|去年|春节|节前|近期|目前|截至|截止")
COUNT = re.compile(r"(?:[0-9０-９]+|[XＸ×]{1,3})(?:\.[0-9]+)?\s*(?:%|％|[个次人名场项期条份篇家批户处件元轮课名余套台辆本期卷册]|万|亿)|"
                   r"[两三四五六七八九十百千万]+[个次人名场项期条份篇家批户处件轮课套台辆本]|"
                   r"一(?:[次场期批份篇项]|个(?!别))|全覆盖|全部|逐一|逐人|逐项|每[月周季年半]|定期|[0-9]{2,}")
DOCUMENT = re.compile(r"《[^《》]{2,}》|“[^“”]{2,12}”(?:平台|系统|APP|公众号|小程序)|〔[0-9]{4}〕|[［\[][0-9]{4}[］\]]|实施方案|工作方案|管理办法|实施细则|[A-Za-z]{2,}")
MEETING = re.compile(r"会议|党组会|党委会|常委会|办公会|专题会|生活会|座谈会|推进会|部署会|调度会|动员会|培训班|培训|讲座|党课|"
                     r"中心组|主题党日|集体学习|研讨|谈心谈话|约谈|谈话")
# A named person or an office holder; "党员、干部职工" (everyone) names nobody.
PERSON = re.compile(rf"[{CJK}]{{1,3}}同志|书记|局长|主任|县长|市长|区长|科长|股长|部长|厅长|院长|所长|组长|负责人|班子成员")
BODY = re.compile(rf"(?:省|市|县|区|州|镇|乡|街道)(?:委|政府|纪委|监委|人大|政协)|(?:省|市|县|区)[{CJK}]{{1,6}}?(?:局|馆|院|所|站)|组织部|宣传部|统战部|政法委|纪委|监委|纪检|"
                  r"审计|财政|巡察办|巡视办|法院|检察院|公安|支部|党组|党委|工委|机关|科室|股室|处室|中心|公司|学校|医院|社区|村")
ACT = re.compile(r"召开|印发|制定|出台|下发|修订|修改|建立|开展了|组织了|约谈|处分|问责|通报|清退|追回|收回|退还|退回|纠正|辞退|"
                 r"调整|撤销|补缴|补录|补齐|补办|归档|公示|签订|配备|选拔|任命|举办|检查|督查|核查|清理|排查|审核|审计|走访|调研|"
                 r"编印|发放|购置|更换|拆除|整治|验收|考核|评议|报送|上报|录入|立案|移交|追责|罚款|缴纳|划转|注销|聘请|招聘|"
                 r"创建|成立|设立|实行|建成|开通|上线|取消|合并|腾空|搬迁|整合|优化了|实施了|先后|上交|登记造册|记入|存档")
# A verb with 了 reports an act, unless the verb is one of the stock ones (加强了、提高了…).
STOCK_VERBS = ("加强", "提高", "提升", "增强", "强化", "完善", "健全", "规范", "落实", "推进", "推动", "深化", "加大",
               "压实", "明确", "为了", "除了", "到了", "做好", "抓好")
PAST = re.compile(rf"([{CJK}]{{2}})了(?!解)")

# Intentions and things not yet done (将、拟、计划、下一步、待…后、正在…).
INTENT = re.compile(
    r"将(?:于|在|会|要|进一步|继续|持续|加快|尽快|适时|逐步|全面|认真|按照|根据|结合|着力|重点|切实|不断|严格|定期|"
    r"组织|开展|启动|制定|出台|建立|推动|推进|加大|加强|完善|落实|及时|责成|会同|督促|围绕|坚持|把)|"
    r"拟(?:于|在|对|将|定|制定|出台|召开|开展|建立|修订|组织|采取|按)|计划(?:于|在|今年|明年|年底|年内|下半年|[0-9])|"
    r"下一步|待[^。；，,]{1,20}后|正在|准备(?:于|在|开展|制定|召开|组织)|着手|预计|力争|争取|尚未|还未|暂未|未能|目前仍"
)
# A completed act: 已…, a verb with 了, 完成, a past date written out.
DONE = re.compile(r"已|(?<![为罢])了(?!解)|完成|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{1,2}月[0-9]{1,2}日|共计|累计|先后|现已|均已")

# Names and quotations that many measures cite: never copying.
FORMULA = re.compile(
    r"习近平新时代中国特色社会主义思想|习近平总书记[^。；]{0,60}?(?:讲话|重要指示批示|重要论述|重要指示|重要批示)(?:精神)?|"
    r"党的(?:十[七八九]|二十)大(?:和十[七八九]届[一二三四五六七八九、]+中全会|和二十届[一二三四五六七八九、]+中全会)?精神|"
    r"[“\"]四个意识[”\"]|[“\"]四个自信[”\"]|[“\"]两个维护[”\"]|[“\"]两个确立[”\"]|中央八项规定(?:及其实施细则)?精神"
)
CITATION = re.compile(r"《[^《》]{1,80}》|[（(][^（）()]{0,30}〔[0-9]{4}〕[^（）()]{0,10}[）)]|“[^“”]{6,120}”")


def strip_marker(measure: str) -> str:
    return MARKER.sub("", measure, count=1).strip()


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[。；;！!？?]", text) if c.strip()]


def quote(text: str, limit: int = 30) -> str:
    """A short quotation for a message: the passage itself, cut at ``limit`` characters."""
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_concrete(text: str) -> str | None:
    """The first concrete anchor in ``text`` (date, count, document, meeting, person, body, act), or None."""
    for pattern in (DATE, COUNT, DOCUMENT, MEETING, PERSON, BODY, ACT):
        m = pattern.search(text)
        if m:
            return m.group(0)
    for m in PAST.finditer(text):
        if m.group(1) not in STOCK_VERBS:
            return m.group(0)
    return None
