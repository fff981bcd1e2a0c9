"""Reports written for these tests to check what the opening, the totals and the closing say.

Every unit, person, address, number and sentence is invented. Each document
varies the parts of a report that the corpus writes only one way: the title,
the inspecting group and round, the dates (Chinese numerals, dotted, masked,
carried year, in a second paragraph), the totals (Chinese numerals, split over
clauses, beside 问责 and money figures) and the contacts (extensions, mobile
numbers, several lines, a postcode in brackets, a web address). Next to each is
what a careful reader takes from it: ``meta`` (title, organization and the
inspection), ``statistics``, ``contact`` and the outline as (depth, title,
status, number of measures) — the statuses and measures are phrased in ways the
corpus does not use.
"""

from __future__ import annotations

C, O, L = "completed", "ongoing", "long_term"

META_DOCS: dict[str, dict] = {}
NO_CONTACT = {"phone": [], "email": [], "address": None, "postcode": None}


def doc(name: str, text: str, *, meta: dict, statistics: dict, contact: dict,
        outline: list[tuple[int, str, str | None, int]], measures: dict[str, list[str]] | None = None) -> None:
    META_DOCS[name] = {"text": text, "meta": meta, "statistics": statistics, "contact": contact,
                       "outline": outline, "measures": measures or {}}


def stats(aspects=None, problems=None, completed=None, rules=None) -> dict:
    return {"aspects": aspects, "problems": problems, "completed": completed, "rules": rules}


def inspection(kind, inspector, start, end, feedback, round=None, types=()) -> dict:
    return {"kind": kind, "inspector": inspector, "round": round, "types": list(types),
            "start": start, "end": end, "feedback": feedback}


# 1. A provincial department: dates in Chinese numerals, totals in Chinese numerals beside
#    问责 and money figures, 第一/第二 and 1）2） measures, statuses as 整改进行中 / 整改状态：已完成.
doc("province_chinese_numerals", """中共江岳省农业农村厅党组关于省委第三巡视组巡视反馈意见集中整改进展情况的通报
根据省委统一部署，二〇二三年四月十日至六月九日，省委第三巡视组对省农业农村厅党组开展了常规巡视。二〇二三年七月十二日，省委第三巡视组向省农业农村厅党组反馈了巡视意见。按照党务公开的要求，现将集中整改进展情况予以公布。
一、整改工作的组织开展
厅党组对照巡视组反馈的三个方面二十一个问题，逐条拟定整改措施六十五条。截至目前，已完成整改十九个，其余二个正在推进。集中整改期间，制定修订制度十二项，给予党纪政务处分三人，组织处理五人，诫勉谈话七人，追回违规发放的补贴资金28.6万元。
二、巡视反馈问题的整改落实
（一）关于落实乡村振兴部署不够有力的问题
一是厅党组专题研究乡村振兴重点任务；二是建立厅领导分片联系市县制度。已完成整改。
（二）关于惠农资金监管存在漏洞的问题
第一，对近三年补贴资金开展全面核查；第二，将发放信息接入省级监管平台；第三，每半年通报一次核查结果。整改进行中。
（三）关于干部选拔程序执行不严的问题
1）重新梳理选任工作规程；2）对程序缺项的三起任用进行复核。整改状态：已完成。
三、下一步打算
坚持问题导向，持续巩固整改成效。
欢迎广大干部群众对巡视整改落实情况进行监督。联系电话：0571—87051234（工作日8:30-17:00）；邮政信箱：江岳省临川市农耕路18号（邮编：310007）；电子邮箱：nyt_xs@jy.gov.cn。
""",
    meta={"title": "中共江岳省农业农村厅党组关于省委第三巡视组巡视反馈意见集中整改进展情况的通报",
          "organization": "中共江岳省农业农村厅党组",
          "inspection": inspection("巡视", "省委第三巡视组", "2023-04-10", "2023-06-09", "2023-07-12", types=["常规"])},
    statistics=stats(3, 21, 19, 12),
    contact={"phone": ["0571—87051234"], "email": ["nyt_xs@jy.gov.cn"], "address": "江岳省临川市农耕路18号", "postcode": "310007"},
    outline=[
        (0, "关于落实乡村振兴部署不够有力的问题", C, 2),
        (0, "关于惠农资金监管存在漏洞的问题", O, 3),
        (0, "关于干部选拔程序执行不严的问题", C, 2),
    ],
    measures={"关于干部选拔程序执行不严的问题": ["1）重新梳理选任工作规程；", "2）对程序缺项的三起任用进行复核。整改状态：已完成。"]},
)

# 2. A city bureau: the round in the title (十二届市委第五轮), the dates and the feedback in one
#    sentence after 于, totals split over clauses (共…，其中…中已完成), rules new + revised, contacts
#    without 欢迎…监督, on lines of their own, the postcode in brackets, a second short number.
doc("city_round_split_totals", """中共临川市财政局党组关于十二届市委第五轮巡察反馈意见整改落实情况的报告
按照市委巡察工作安排，市委第二巡察组于2023年10月16日至12月15日对市财政局党组开展了常规巡察，并于2024年1月22日反馈了巡察意见。
局党组坚持把巡察整改作为重大政治任务来抓，现将整改落实情况报告如下。
一、整改工作基本情况
巡察组反馈问题涉及4个方面，共26个具体问题。局党组将其细化为整改措施88条。截至2024年4月底，26个问题中已完成整改22个，完成率84.6%，其余4个问题均已取得阶段性成效。整改中新建制度8项，修订制度5项。
二、巡察反馈问题整改落实情况
（一）贯彻落实上级决策部署方面
1．关于预算绩效管理推进不力的问题。
①出台绩效评价结果运用办法；②对15个部门开展重点绩效评价。已整改到位。
2．关于政府债务风险防控不到位的问题。
①建立债务风险月度监测机制；②约谈债务率偏高的两个县区。持续推进中。
（二）全面从严治党方面
1．关于公务接待管理不严的问题。
①清理并压缩接待清单；②对违规接待的2名干部进行问责。已完成整改。
三、下一步工作安排
局党组将持续盯住未完成事项，按月调度。
如对整改工作有意见建议，请通过以下方式向我们反映：
电话：0791-86231234、86235678
来信地址：临川市赣江大道99号市财政局机关党委（330038）
电子信箱：czjdw@lc.gov.cn
""",
    meta={"title": "中共临川市财政局党组关于十二届市委第五轮巡察反馈意见整改落实情况的报告",
          "organization": "中共临川市财政局党组",
          "inspection": inspection("巡察", "市委第二巡察组", "2023-10-16", "2023-12-15", "2024-01-22",
                                   round="十二届市委第五轮", types=["常规"])},
    statistics=stats(4, 26, 22, 13),
    contact={"phone": ["0791-86231234", "86235678"], "email": ["czjdw@lc.gov.cn"],
             "address": "临川市赣江大道99号市财政局机关党委", "postcode": "330038"},
    outline=[
        (0, "贯彻落实上级决策部署方面", None, 0),
        (1, "关于预算绩效管理推进不力的问题", C, 2),
        (1, "关于政府债务风险防控不到位的问题", O, 2),
        (0, "全面从严治党方面", None, 0),
        (1, "关于公务接待管理不严的问题", C, 2),
    ],
)

# 3. A village branch under a county's 提级巡察: dotted dates, an unnumbered 县委巡察组,
#    "12个问题已全部整改到位", statuses 整改完成 / 已整改完毕, a phone with 转 extension and a mobile.
doc("village_dotted_dates", """中共石岭村支部委员会关于县委提级巡察整改情况的通报
根据县委巡察工作领导小组部署，2024.3.5至2024.4.30，县委巡察组对石岭村党支部开展了提级巡察。2024.5.28，县委巡察组向石岭村党支部反馈了巡察意见。
一、整改工作开展情况
村党支部召开支委会专题研究，对反馈的12个问题逐一建立整改台账。目前，12个问题已全部整改到位。
二、反馈问题整改情况
1.关于村务公开不及时的问题
（1）每月10日前在公开栏更新村务；（2）在村民微信群同步公开收支明细。整改完成。
2.关于集体资产台账不清的问题
（1）对集体房屋、土地逐宗登记造册；（2）聘请会计师事务所核对往来账目。已整改完毕。
欢迎党员群众监督。监督电话：0738-3321234转806；手机：13907381234。
""",
    meta={"title": "中共石岭村支部委员会关于县委提级巡察整改情况的通报",
          "organization": "中共石岭村支部委员会",
          "inspection": inspection("巡察", "县委巡察组", "2024-03-05", "2024-04-30", "2024-05-28", types=["提级"])},
    statistics=stats(None, 12, 12, None),
    contact={"phone": ["0738-3321234转806", "13907381234"], "email": [], "address": None, "postcode": None},
    outline=[
        (0, "关于村务公开不及时的问题", C, 2),
        (0, "关于集体资产台账不清的问题", C, 2),
    ],
)

# 4. A state-owned enterprise: the opening starts with 为…，根据…; a 专项巡视 by the group's own
#    巡视组; the year carried into 8月30日; "4个方面的问题共26个，其中…"; rules named with their
#    subject (安全管理制度9项); 问责 counts that are no totals; a postcode in brackets.
doc("soe_special", """中共华岳能源集团西北分公司委员会关于集团党委专项巡视整改进展情况的通报
为推动巡视整改落地见效，根据集团党委巡视工作领导小组统一安排，2023年6月12日至7月21日，集团党委第一巡视组对西北分公司党委开展了安全生产专项巡视。8月30日，集团党委第一巡视组向分公司党委反馈了巡视意见。
一、提高站位，压实整改责任
分公司党委书记带头领办重点问题，班子成员按分工抓好落实。巡视反馈4个方面的问题共26个，其中已完成整改22个，4个正在推进。整改期间建立健全安全管理制度9项；问责处理干部11人，其中党纪处分3人、诫勉谈话8人；追缴违规资金136.5万元。
二、聚焦问题，逐项推进整改
（一）关于安全生产责任传导层层递减的问题
整改情况：一是签订安全生产责任书320份；二是对三个班组长实行末位约谈。整改进展：已完成。
（二）关于隐患排查治理不闭环的问题
整改情况：一是建立隐患整改销号台账；二是引入第三方开展复查。整改进展：正在推进。
（三）关于安全教育培训走过场的问题
整改情况：一是改进班前安全讲话；二是实行培训考试与上岗挂钩。整改时限：长期坚持。
三、巩固成果，推动长效常治
分公司党委将把巡视整改与日常管理结合起来。
欢迎干部职工和社会各界对巡视整改情况进行监督。联系电话：029-88661234；电子邮箱：xbfgs_xs@hyny.com.cn；通信地址：西安市雁塔区科技路66号华岳大厦（710065）。
""",
    meta={"title": "中共华岳能源集团西北分公司委员会关于集团党委专项巡视整改进展情况的通报",
          "organization": "中共华岳能源集团西北分公司委员会",
          "inspection": inspection("巡视", "集团党委第一巡视组", "2023-06-12", "2023-07-21", "2023-08-30", types=["专项"])},
    statistics=stats(4, 26, 22, 9),
    contact={"phone": ["029-88661234"], "email": ["xbfgs_xs@hyny.com.cn"],
             "address": "西安市雁塔区科技路66号华岳大厦", "postcode": "710065"},
    outline=[
        (0, "关于安全生产责任传导层层递减的问题", C, 2),
        (0, "关于隐患排查治理不闭环的问题", O, 2),
        (0, "关于安全教育培训走过场的问题", L, 2),
    ],
)

# 5. A university under a 巡视“回头看”: the feedback sentence also names the rectification
#    period; 5个方面18个问题和…问题线索6件; contacts one per line, with 邮政编码 and a 网址
#    that is no e-mail; statuses 已办结 / 尚在整改 / 已完成整改并长期坚持.
doc("university_look_back", """中共东川大学委员会关于省委巡视“回头看”整改进展情况的通报
根据省委统一部署，2023年9月18日至11月20日，省委第十一巡视组对东川大学党委开展了巡视“回头看”。2024年1月9日，省委第十一巡视组向学校党委反馈了“回头看”意见，明确集中整改期为2024年1月至4月。
一、整改工作总体情况
学校党委认领反馈意见指出的5个方面18个问题和移交的问题线索6件，制定整改措施73条。截至目前，已完成整改16个，2个问题取得阶段性成效。学校修订完善规章制度27项。
二、反馈问题的整改落实情况
（一）关于立德树人根本任务落实有差距的问题
1.修订本科人才培养方案；2.建设思政课程示范课堂20门。该问题已办结。
（二）关于科研经费管理不规范的问题
1.对近五年横向经费开展专项审计；2.上线科研经费报销系统。问题尚在整改，预计6月底完成。
（三）关于意识形态阵地管理有短板的问题
1.建立讲座论坛审批台账；2.对校园新媒体账号实行年度审核。已完成整改并长期坚持。
欢迎广大师生、校友和社会各界对整改落实情况进行监督。
联系电话：0731-88881234转8012
电子邮箱：xcb@dcu.edu.cn
通信地址：东川市岳麓区学府路1号东川大学党委巡视整改办公室
邮政编码：410082
网址：http://www.dcu.edu.cn
""",
    meta={"title": "中共东川大学委员会关于省委巡视“回头看”整改进展情况的通报",
          "organization": "中共东川大学委员会",
          "inspection": inspection("巡视", "省委第十一巡视组", "2023-09-18", "2023-11-20", "2024-01-09", types=["回头看"])},
    statistics=stats(5, 18, 16, 27),
    contact={"phone": ["0731-88881234转8012"], "email": ["xcb@dcu.edu.cn"],
             "address": "东川市岳麓区学府路1号东川大学党委巡视整改办公室", "postcode": "410082"},
    outline=[
        (0, "关于立德树人根本任务落实有差距的问题", C, 2),
        (0, "关于科研经费管理不规范的问题", O, 2),
        (0, "关于意识形态阵地管理有短板的问题", C, 2),
    ],
)

# 6. A hospital whose copy masks every date and figure: years are kept, the rest is null;
#    statuses 该问题已整改 / 仍在整改.
doc("hospital_masked", """中共西平市第一人民医院委员会关于市委巡察整改进展情况的通报
根据市委统一部署，2022年X月X日至X月X日，市委第X巡察组对西平市第一人民医院党委进行了巡察。2022年X月X日，市委第X巡察组向医院党委反馈了巡察意见。
一、整改工作基本情况
院党委对巡察反馈的X个方面XX个问题逐一制定整改措施，目前已完成整改XX个，修订制度X项。
二、反馈问题整改落实情况
（一）关于医疗服务收费不规范的问题
一是对收费项目开展全面自查；二是清退多收费用并公示。该问题已整改。
（二）关于药品耗材采购监管薄弱的问题
一是将采购纳入院务公开；二是对高值耗材使用实行点评。目前仍在整改。
""",
    meta={"title": "中共西平市第一人民医院委员会关于市委巡察整改进展情况的通报",
          "organization": "中共西平市第一人民医院委员会",
          "inspection": inspection("巡察", "市委第X巡察组", "2022", "2022", "2022")},
    statistics=stats(),
    contact=NO_CONTACT,
    outline=[
        (0, "关于医疗服务收费不规范的问题", C, 2),
        (0, "关于药品耗材采购监管薄弱的问题", O, 2),
    ],
)

# 7. A title that names no unit, and an opening in two paragraphs: the period (months only)
#    in the first, the feedback date in the second; the unit comes from the opening.
doc("two_paragraph_opening", """关于巡察整改进展情况的通报
根据区委统一部署，区委第三巡察组于2023年4月至6月对区文化和旅游局党组开展了常规巡察。
2023年7月26日，区委第三巡察组向区文化和旅游局党组反馈了巡察意见。局党组对反馈意见照单全收，共梳理问题15个。
一、整改工作基本情况
局党组成立由书记任组长的整改工作领导小组，每月召开一次调度会。
二、反馈问题整改落实情况
（一）关于文物安全巡查不到位的问题
一是建立文物点月度巡查制度；二是为偏远文物点安装监控。已全部整改到位。
（二）关于公共文化场馆开放时间不足的问题
一是延长图书馆周末开放时间；二是推行错时开放。整改正在进行中。
""",
    meta={"title": "关于巡察整改进展情况的通报",
          "organization": "区文化和旅游局党组",
          "inspection": inspection("巡察", "区委第三巡察组", "2023-04", "2023-06", "2023-07-26", types=["常规"])},
    statistics=stats(None, 15, None, None),
    contact=NO_CONTACT,
    outline=[
        (0, "关于文物安全巡查不到位的问题", C, 2),
        (0, "关于公共文化场馆开放时间不足的问题", O, 2),
    ],
)

# 8. A county committee under a provincial round: the round as 省委第二轮, the opening with
#    按照…安排 and dates in Chinese numerals with a carried year (五月二十六日), 问题共计39个,
#    建章立制21项, a bracketed area code, a 邮政信箱 address with 邮编, two e-mail addresses.
doc("county_committee_round", """中共北岭县委员会关于省委第二轮巡视整改进展情况的通报
按照省委巡视工作领导小组安排，省委第六巡视组于二〇二三年三月一日至四月三十日对北岭县进行了常规巡视，五月二十六日反馈了巡视意见。
一、整改工作开展情况
县委把整改作为检验“两个维护”的实际行动。省委巡视组反馈问题共计39个，截至目前已完成整改35个，其余4个基本完成。县委坚持边改边立，建章立制21项。
二、反馈问题整改落实情况
（一）关于县域经济发展后劲不足的问题
一是编制县域产业链招商图谱；二是设立工业园区服务专班。整改已完成。
（二）关于耕地保护责任落实不严的问题
一是开展违法占用耕地专项清理；二是落实田长制网格巡查。整改工作仍在推进中。
欢迎社会各界对整改工作进行监督。联系电话：(0734)8211234；邮政信箱：北岭县1001号信箱（邮编：421500）；电子邮箱：blxw_xszg@163.com、blxw@hn.gov.cn。
""",
    meta={"title": "中共北岭县委员会关于省委第二轮巡视整改进展情况的通报",
          "organization": "中共北岭县委员会",
          "inspection": inspection("巡视", "省委第六巡视组", "2023-03-01", "2023-04-30", "2023-05-26",
                                   round="省委第二轮", types=["常规"])},
    statistics=stats(None, 39, 35, 21),
    contact={"phone": ["(0734)8211234"], "email": ["blxw_xszg@163.com", "blxw@hn.gov.cn"],
             "address": "北岭县1001号信箱", "postcode": "421500"},
    outline=[
        (0, "关于县域经济发展后劲不足的问题", C, 2),
        (0, "关于耕地保护责任落实不严的问题", O, 2),
    ],
)

# 9. A court whose title has no 关于; a 机动巡察; the feedback date after the word 反馈
#    (反馈会于5月8日召开); 17项问题…已完成整改15项; 接受…监督 then the phone in the same sentence.
doc("court_no_guanyu", """中共桂阳县人民法院党组巡察整改进展情况通报
2024年2月19日至4月12日，县委第五巡察组对县人民法院党组进行了机动巡察。县委第五巡察组的巡察反馈会于5月8日召开。
一、整改工作组织情况
院党组对巡察反馈的17项问题照单全收，截至目前已完成整改15项。
二、巡察反馈问题整改情况
（一）关于执行案款发放不及时的问题
一是开展执行案款专项清理；二是实行案款到账短信提醒。已整改完成。
（二）关于诉讼服务中心窗口设置不合理的问题
一是增设跨域立案窗口；二是推行导诉员制度。目前正在整改。
院党组将自觉接受干部群众监督，联系电话：0735-4421234。
""",
    meta={"title": "中共桂阳县人民法院党组巡察整改进展情况通报",
          "organization": "中共桂阳县人民法院党组",
          "inspection": inspection("巡察", "县委第五巡察组", "2024-02-19", "2024-04-12", "2024-05-08", types=["机动"])},
    statistics=stats(None, 17, 15, None),
    contact={"phone": ["0735-4421234"], "email": [], "address": None, "postcode": None},
    outline=[
        (0, "关于执行案款发放不及时的问题", C, 2),
        (0, "关于诉讼服务中心窗口设置不合理的问题", O, 2),
    ],
)

# 10. Two groups named together (第一巡察组、第二巡察组); the dates written as 2023年5月8日—6月30日;
#     "3个方面31个问题中，已完成整改28个"; rules named in 《…》 before 等制度N项; the address labelled 来信请寄.
doc("two_groups", """中共青川市住房和城乡建设局党组关于市委巡察整改情况的报告
根据市委统一部署，2023年5月8日—6月30日，市委第一巡察组、第二巡察组对市住房和城乡建设局党组开展了联动巡察。2023年8月15日，两个巡察组向局党组反馈了巡察意见。
一、整改工作基本情况
巡察反馈的3个方面31个问题中，已完成整改28个。局党组制定修订《建设工程招投标监督管理办法》《住房保障资格审核细则》等制度14项。
二、巡察反馈问题整改落实情况
（一）关于建设工程招投标监管不严的问题
一是开展招投标项目专项检查；二是建立评标专家动态考评。已经完成整改。
（二）关于保障性住房分配管理不规范的问题
一是对在保家庭开展资格复核；二是清退不符合条件的家庭并追缴租金。整改正在推进。
欢迎广大干部群众监督。联系电话：0816-2223344；来信请寄：青川市滨江路88号市住建局办公室，邮编：621000。
""",
    meta={"title": "中共青川市住房和城乡建设局党组关于市委巡察整改情况的报告",
          "organization": "中共青川市住房和城乡建设局党组",
          "inspection": inspection("巡察", "市委第一巡察组、第二巡察组", "2023-05-08", "2023-06-30", "2023-08-15", types=["联动"])},
    statistics=stats(3, 31, 28, 14),
    contact={"phone": ["0816-2223344"], "email": [], "address": "青川市滨江路88号市住建局办公室", "postcode": "621000"},
    outline=[
        (0, "关于建设工程招投标监管不严的问题", C, 2),
        (0, "关于保障性住房分配管理不规范的问题", O, 2),
    ],
)

# 11. Saved from a portal: a document number and a byline between the title and the opening,
#     the title broken after the unit's name; 今年-free dates with 至今 absent; a round written
#     with its year (市委2023年第一轮); contacts with a space after the area code, a 传真 number
#     that is no phone, and a 网站地址 that is no address.
doc("portal_byline", """中共南溪区教育体育局委员会
关于市委2023年第一轮巡察整改进展情况的通报
南教体党〔2024〕9号
发布日期：2024-03-18　信息来源：区教育体育局　浏览次数：326
根据市委关于巡察工作的统一部署，2023年5月15日至7月14日，市委第四巡察组对区教育体育局党委开展了常规巡察。同年9月6日，市委第四巡察组向区教育体育局党委反馈了巡察意见。
一、整改工作基本情况
局党委坚持即知即改，共发现问题23个，已办结21件，建立健全长效机制15项。
二、反馈意见整改落实情况
（一）关于校外培训治理力度不够的问题
一是会同市场监管部门开展联合执法；二是公布举报渠道。已完成。
（二）关于校园食堂管理存在风险的问题
一是落实校领导陪餐制度；二是引入食材溯源系统。完成情况：正在推进。
欢迎全区教师、家长和社会各界监督。联系电话：0817 2612345；传真：0817-2612346；电子邮箱地址：njtj_xc@126.com；网站地址：http://jtj.nanxi.gov.cn；通讯地址：南溪区滨河路12号，邮编：637000。
""",
    meta={"title": "中共南溪区教育体育局委员会关于市委2023年第一轮巡察整改进展情况的通报",
          "organization": "中共南溪区教育体育局委员会",
          "inspection": inspection("巡察", "市委第四巡察组", "2023-05-15", "2023-07-14", "2023-09-06",
                                   round="市委2023年第一轮", types=["常规"])},
    statistics=stats(None, 23, 21, 15),
    contact={"phone": ["0817 2612345"], "email": ["njtj_xc@126.com"], "address": "南溪区滨河路12号", "postcode": "637000"},
    outline=[
        (0, "关于校外培训治理力度不够的问题", C, 2),
        (0, "关于校园食堂管理存在风险的问题", O, 2),
    ],
)

# 12. A provincial round written 省委十一届第三轮, a group named 巡视工作组, a 提级交叉 kind,
#     the inspectors arriving (进驻) rather than inspecting 对…; 《…》等13项制度 after 出台;
#     the mailbox labelled 邮箱地址 and two phone numbers with their area codes.
doc("county_round_inverted", """中共安平县委员会关于省委十一届第三轮巡视整改情况的报告
按照省委巡视工作领导小组安排，2022年8月29日，省委第二巡视工作组进驻安平县，开展了为期两个月的提级交叉巡视，至10月28日结束。11月25日，省委第二巡视工作组向安平县委反馈了巡视意见。
一、整改工作总体进展
县委对照反馈的四个方面问题，逐项明确牵头县领导。全县出台《县管干部日常监督办法》《政府投资项目管理办法》等13项制度，反馈问题均已整改到位。
二、反馈意见的整改落实情况
（一）关于重大项目推进缓慢的问题
一是建立重大项目县领导包联机制；二是实行项目进度红黄绿灯管理。已完成整改。
（二）关于基层减负不彻底的问题
一是精简文件会议；二是整合涉村考核事项。已完成。
欢迎社会各界监督。联系电话：0318－7221234，0318－7225678；邮箱地址：apxw_zg@163.com。
""",
    meta={"title": "中共安平县委员会关于省委十一届第三轮巡视整改情况的报告",
          "organization": "中共安平县委员会",
          "inspection": inspection("巡视", "省委第二巡视工作组", "2022-08-29", "2022-10-28", "2022-11-25",
                                   round="省委十一届第三轮", types=["提级", "交叉"])},
    statistics=stats(4, None, None, 13),
    contact={"phone": ["0318－7221234", "0318－7225678"], "email": ["apxw_zg@163.com"], "address": None, "postcode": None},
    outline=[
        (0, "关于重大项目推进缓慢的问题", C, 2),
        (0, "关于基层减负不彻底的问题", C, 2),
    ],
)

# 13. A township report saved without the @ of its mailbox (as the corpus files are); the
#     opening starts at the date and names a “机动式”巡察; totals in one clause with 其中;
#     the status in a closing list of unfinished items is not this document's concern, but
#     its items say 正在整改中 and 整改已到位.
doc("township_masked_mail", """中共河西镇委员会关于县委机动巡察整改情况的通报
2024年4月8日至5月10日，县委第三巡察组对河西镇党委开展了“机动式”巡察，并于6月3日向镇党委反馈了巡察意见。
一、整改工作开展情况
镇党委照单全收巡察组指出的2个方面9个问题，其中7个已完成整改，2个正在整改中。
二、巡察反馈问题整改情况
（一）关于惠民资金发放审核不严的问题
一是对近两年的惠民资金逐户核对；二是建立村、镇两级审核签字制度。整改已到位。
（二）关于村级工程项目管理粗放的问题
一是统一村级工程项目招投标流程；二是开展项目资料专项检查。正在整改中。
欢迎广大群众监督。举报电话：0943-6612345，12388；电子邮箱：hxzdzb163.com。
""",
    meta={"title": "中共河西镇委员会关于县委机动巡察整改情况的通报",
          "organization": "中共河西镇委员会",
          "inspection": inspection("巡察", "县委第三巡察组", "2024-04-08", "2024-05-10", "2024-06-03", types=["机动"])},
    statistics=stats(2, 9, 7, None),
    contact={"phone": ["0943-6612345", "12388"], "email": ["hxzdzb163.com"], "address": None, "postcode": None},
    outline=[
        (0, "关于惠民资金发放审核不严的问题", C, 2),
        (0, "关于村级工程项目管理粗放的问题", O, 2),
    ],
)

# 14. Text taken from a PDF: the opening broken into lines mid-sentence, a portal's 【字体】
#     line before it, a title that ends in 公开; the contacts broken over lines too.
doc("pdf_wrapped", """中共黎阳县林业局党组巡察整改进展情况公开
【字体：大 中 小】 打印本页
根据县委巡察工作统一部署，2023年10月9日至11月
24日，县委第一巡察组对县林业局党组开展了常规巡察
，并于2024年1月5日向局党组反馈了巡察意见。
一、整改工作基本情况
局党组对县委巡察组反馈的3个方面14个问题逐条建立台账，目前已完成整改12个。
二、反馈问题整改落实情况
（一）关于森林防火责任落实不到位的问题
一是签订防火责任书；二是增设护林员岗位12个。已完成整改。
（二）关于生态公益林补偿资金兑付滞后的问题
一是逐村核对补偿面积；二是实行兑付进度周报。整改正在推进。
欢迎广大干部群众对巡察整改工作进行监督。联系
电话：0392-5512345；电子邮箱：lyxlyj_xc@163.com。
""",
    meta={"title": "中共黎阳县林业局党组巡察整改进展情况公开",
          "organization": "中共黎阳县林业局党组",
          "inspection": inspection("巡察", "县委第一巡察组", "2023-10-09", "2023-11-24", "2024-01-05", types=["常规"])},
    statistics=stats(3, 14, 12, None),
    contact={"phone": ["0392-5512345"], "email": ["lyxlyj_xc@163.com"], "address": None, "postcode": None},
    outline=[
        (0, "关于森林防火责任落实不到位的问题", C, 2),
        (0, "关于生态公益林补偿资金兑付滞后的问题", O, 2),
    ],
)
