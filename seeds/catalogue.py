"""Demo catalogue for Bangban: the fictional city of 青岚市 (Qinglan).

Pure data, no logic: halls, stationed departments, the 帮办代办 item catalogue
(附件1 of policy doc 004) with service guides, "一件事一次办" bundles, staff,
windows, AB posts, liaisons and self-service kiosks.

Everything here is fictional: place names, addresses, people and phone numbers
(all phones use the 1390000xxxx pattern). Legal bases cite real national laws
and regulations by name only; 《青岚市……》 documents are invented.

Conventions
- Hall codes: "QL" (city) > "QL-YX" (county) > "QL-YX-BS" (town) > "QL-YX-BS-01" (village).
- An item is offered at a hall when the hall's level is in item["levels"] and the
  item's department is stationed there (STATIONED).
- A window serves the item codes in its `items` plus every item, offered at its
  hall, of the departments in its `departments`. The assisted window (帮办代办窗口)
  of city/county/town halls takes 帮办代办 requests for every stationed department;
  the actual business goes to a department or comprehensive window.
- PEOPLE with a username get a login account (passwords are set elsewhere).

Run this file to check cross-references against the models' own levels and
kinds (the staffing rules are checked on the loaded city by the tests):
    python3 seeds/catalogue.py
"""

# ----------------------------------------------------------------------------
# Halls (parents before children)

HALLS = [
    dict(
        code="QL", name="青岚市政务服务中心", level="city", parent=None, address="青岚市府前路188号市民中心一至三楼",
        opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-YX", name="云溪县政务服务中心", level="county", parent="QL", address="云溪县城关镇迎宾大道26号",
        opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-SM", name="石门县政务服务中心", level="county", parent="QL", address="石门县石城镇新华路9号",
        opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-YX-BS", name="云溪县白沙镇便民服务中心", level="town", parent="QL-YX",
        address="云溪县白沙镇白沙街58号", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-YX-LT", name="云溪县柳塘镇便民服务中心", level="town", parent="QL-YX",
        address="云溪县柳塘镇荷风路12号", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-SM-SL", name="石门县松岭镇便民服务中心", level="town", parent="QL-SM",
        address="石门县松岭镇松林大道3号", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-YX-BS-01", name="白沙镇青石村便民服务室", level="village", parent="QL-YX-BS",
        address="云溪县白沙镇青石村村民委员会一楼", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-YX-BS-02", name="白沙镇河湾社区便民服务室", level="village", parent="QL-YX-BS",
        address="云溪县白沙镇滨河路21号河湾社区党群服务中心", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-YX-LT-01", name="柳塘镇荷花村便民服务室", level="village", parent="QL-YX-LT",
        address="云溪县柳塘镇荷花村村民委员会", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-SM-SL-01", name="松岭镇杉木村便民服务室", level="village", parent="QL-SM-SL",
        address="石门县松岭镇杉木村村民委员会", opens_at="09:00", closes_at="17:30",
    ),
    dict(
        code="QL-SM-SL-02", name="松岭镇枫林社区便民服务室", level="village", parent="QL-SM-SL",
        address="石门县松岭镇枫林路6号枫林社区服务站", opens_at="09:00", closes_at="17:30",
    ),
]

# ----------------------------------------------------------------------------
# Departments (generic names; the hall decides city or county level)

DEPARTMENTS = [
    dict(code="RSJ", name="人力资源和社会保障局", short_name="人社"),
    dict(code="YBJ", name="医疗保障局", short_name="医保"),
    dict(code="GJJ", name="住房公积金管理中心", short_name="公积金"),
    dict(code="ZRJ", name="自然资源和规划局（不动产登记中心）", short_name="自然资源"),
    dict(code="MZJ", name="民政局", short_name="民政"),
    dict(code="NYJ", name="农业农村局", short_name="农业农村"),
    dict(code="SCJ", name="市场监督管理局", short_name="市场监管"),
    dict(code="SWJ", name="税务局", short_name="税务"),
    dict(code="GAJ", name="公安局", short_name="公安"),
    dict(code="WJW", name="卫生健康委员会", short_name="卫健"),
    dict(code="CL", name="残疾人联合会", short_name="残联"),
    dict(code="ZJJ", name="住房和城乡建设局", short_name="住建"),
    dict(code="FGW", name="发展和改革委员会", short_name="发改"),
    dict(code="HBJ", name="生态环境局", short_name="生态环境"),
    dict(code="JTJ", name="交通运输局", short_name="交通运输"),
    dict(code="TYJ", name="退役军人事务局", short_name="退役军人"),
    dict(code="BANK", name="合作银行", short_name="银行"),
]

# ----------------------------------------------------------------------------
# Departments stationed (进驻) in each hall

STATIONED = {
    "QL": (
        "RSJ", "YBJ", "GJJ", "ZRJ", "MZJ", "NYJ", "SCJ", "SWJ", "GAJ",
        "WJW", "CL", "ZJJ", "FGW", "HBJ", "JTJ", "TYJ", "BANK",
    ),
    "QL-YX": (
        "RSJ", "YBJ", "GJJ", "ZRJ", "MZJ", "NYJ", "SCJ", "SWJ", "GAJ",
        "WJW", "CL", "ZJJ", "FGW", "HBJ", "JTJ", "TYJ", "BANK",
    ),
    "QL-SM": (
        "RSJ", "YBJ", "GJJ", "ZRJ", "MZJ", "NYJ", "SCJ", "SWJ", "GAJ",
        "WJW", "ZJJ", "FGW", "HBJ", "TYJ", "BANK",
    ),  # no 交通运输 / 残联 desk
    "QL-YX-BS": ("RSJ", "YBJ", "MZJ", "NYJ", "GAJ", "SCJ"),
    "QL-YX-LT": ("RSJ", "YBJ", "MZJ", "NYJ", "WJW", "CL"),
    "QL-SM-SL": ("RSJ", "YBJ", "MZJ", "NYJ", "GAJ", "TYJ"),
    "QL-YX-BS-01": ("RSJ", "MZJ", "NYJ"),
    "QL-YX-BS-02": ("RSJ", "MZJ", "YBJ"),
    "QL-YX-LT-01": ("RSJ", "NYJ", "WJW"),
    "QL-SM-SL-01": ("RSJ", "MZJ", "NYJ"),
    "QL-SM-SL-02": ("RSJ", "MZJ", "TYJ"),
}

# ----------------------------------------------------------------------------
# Item catalogue (帮办代办事项清单) with service guides (八公开)

ITEMS = [
    # ---- 人社
    dict(
        code="RSJ-001",
        min_age=16,
        aliases=("社保", "养老保险", "居民养老"),
        department="RSJ",
        name="城乡居民基本养老保险参保登记",
        sub_name="",
        power_kind="public_service",
        category="social_insurance",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town", "village"),
        basic_info=(
            "年满16周岁（不含在校学生）、非国家机关和事业单位工作人员、不属于职工基本养老保"
            "险覆盖范围的城乡居民，"
            "可在户籍地办理城乡居民基本养老保险参保登记，按年自主选择缴费档次。"
        ),
        conditions=(
            "1. 年满16周岁（不含在校学生）；\n"
            "2. 具有本县户籍；\n"
            "3. 未参加职工基本养老保险或其他法定基本养老保险。"
        ),
        procedure=(
            "1. 申请人到村（社区）便民服务室或镇便民服务中心提出申请，帮办代办员核对身份信息；\n"
            "2. 填写《城乡居民基本养老保险参保登记表》并签字；\n"
            "3. 经办机构在社保信息系统中完成参保登记；\n"
            "4. 告知缴费档次和缴费渠道（税务APP、银行代扣等），当场办结。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第二十条、第二十一条；"
            "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）"
        ),
        intermediary="无",
        faq=(
            "问：外出务工人员能否由家人代为参保？\n"
            "答：可以，由家属携带参保人身份证、户口簿和签字的授权委托书到村便民服务室代办。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="居民户口簿", copies=1, form="original", source="申请人自备；遗失的可到户籍所在地派出所补办",
                required=True, deferrable=False,
            ),
            dict(
                name="《城乡居民基本养老保险参保登记表》", copies=1, form="original",
                source="窗口领取或在青岚市政务服务网下载，现场填写", required=True, deferrable=False,
            ),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="RSJ-002",
        aliases=("社保", "养老金", "领养老金"),
        department="RSJ",
        name="城乡居民基本养老保险待遇申领",
        sub_name="",
        power_kind="benefit",
        category="social_insurance",
        time_limit_days=10,
        forms=("assisted", "proxy", "home_visit"),
        levels=("city", "county", "town", "village"),
        basic_info=(
            "参加城乡居民基本养老保险、年满60周岁且累计缴费满15年（或按规定补缴）的参保人，"
            "可申领按月发放的城乡居民基本养老金。"
        ),
        conditions=(
            "1. 年满60周岁；\n"
            "2. 累计缴费满15年，或按政策补缴后达到领取条件；\n"
            "3. 未领取国家规定的其他基本养老保障待遇。"
        ),
        procedure=(
            "1. 参保人达到领取年龄前一个月，由村（社区）帮办代办员提醒并收集材料；\n"
            "2. 填写《城乡居民基本养老保险待遇领取申请表》；\n"
            "3. 县社保经办机构审核缴费年限并核定待遇；\n"
            "4. 审核通过后次月起按月发放至社会保障卡金融账户；\n"
            "5. 帮办代办员将核定结果告知申请人。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第二十一条；"
            "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）；"
            "《城乡居民基本养老保险经办规程》"
        ),
        intermediary="无",
        faq=(
            "问：行动不便的老人能否上门办理？\n"
            "答：可以，村帮办代办员可预约上门采集信息、指导签字，并代为提交材料。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="居民户口簿", copies=1, form="original", source="申请人自备；遗失的可到户籍所在地派出所补办",
                required=True, deferrable=False,
            ),
            dict(
                name="社会保障卡", copies=1, form="copy",
                source="申请人自备；未办理的可同时申领，待遇发放账户可容缺后补", required=True, deferrable=True,
            ),
            dict(
                name="《城乡居民基本养老保险待遇领取申请表》", copies=1, form="original",
                source="窗口领取或在政务服务网下载", required=True, deferrable=False,
            ),
            dict(
                name="近期一寸免冠彩色照片", copies=2, form="original", source="申请人自备，或在窗口免费拍摄",
                required=False, deferrable=True,
            ),
        ],
    ),
    dict(
        code="RSJ-003",
        aliases=("失业金", "失业保险"),
        department="RSJ",
        name="失业保险金申领",
        sub_name="",
        power_kind="benefit",
        category="social_insurance",
        time_limit_days=3,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "参加失业保险、非因本人意愿中断就业且已进行失业登记的人员，可按规定申领失业保险金，"
            "领取期间由失业保险基金代缴基本医疗保险费。"
        ),
        conditions=(
            "1. 失业前用人单位和本人已缴纳失业保险费满一年；\n"
            "2. 非因本人意愿中断就业；\n"
            "3. 已办理失业登记并有求职要求。"
        ),
        procedure=(
            "1. 申请人到帮办代办窗口咨询，确认缴费记录；\n"
            "2. 办理失业登记，填写《失业保险金申领登记表》；\n"
            "3. 人社窗口审核解除劳动关系证明和缴费情况；\n"
            "4. 核定领取期限和标准，次月起按月发放；\n"
            "5. 帮办代办员告知办理结果及领取期间的求职义务。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第四十五条至第五十二条；"
            "《失业保险条例》；《失业保险金申领发放办法》"
        ),
        intermediary="无",
        faq=(
            "问：自己辞职能领取失业保险金吗？\n"
            "答：因本人意愿辞职的不符合条件；"
            "因用人单位未依法缴纳社保、拖欠工资等原因被迫解除劳动合同的除外。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="解除或终止劳动关系证明", copies=1, form="original", source="由原用人单位出具并加盖公章",
                required=True, deferrable=False,
            ),
            dict(name="社会保障卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=True),
            dict(
                name="《失业保险金申领登记表》", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="RSJ-004",
        min_age=16,
        aliases=("社保", "灵活就业社保", "个人交社保"),
        department="RSJ",
        name="灵活就业人员参保登记",
        sub_name="企业职工基本养老保险",
        power_kind="public_service",
        category="social_insurance",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town"),
        basic_info=(
            "无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员以及其他灵活就业人员，"
            "可以个人身份参加企业职工基本养老保险。"
        ),
        conditions=(
            "1. 年满16周岁且未达到法定退休年龄；\n"
            "2. 以灵活方式就业、未在用人单位参保；\n"
            "3. 未参加城乡居民基本养老保险，或已按规定办理转换。"
        ),
        procedure=(
            "1. 申请人提交身份证件和登记表；\n"
            "2. 窗口核对参保状态，已参加城乡居民养老保险的先办理暂停缴费；\n"
            "3. 录入参保信息，选择缴费基数档次；\n"
            "4. 告知通过税务渠道按月或按季缴费，即时办结。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第十条、第二十三条；"
            "《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）"
        ),
        intermediary="无",
        faq=(
            "问：灵活就业参保后还能同时参加城乡居民养老保险吗？\n"
            "答：不能重复参保，同一时期只能参加一种基本养老保险。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="《灵活就业人员参保登记表》", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="个体工商户营业执照", copies=1, form="copy", source="属个体工商户的提供，申请人自备",
                required=False, deferrable=True,
            ),
        ],
    ),
    dict(
        code="RSJ-005",
        aliases=("社保卡", "社保", "社会保障卡"),
        department="RSJ",
        name="社会保障卡申领",
        sub_name="首次申领",
        power_kind="public_service",
        category="social_insurance",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town", "village"),
        basic_info="参保人员可申领第三代社会保障卡，卡片兼具社保身份凭证、医保结算、待遇领取和金融支付功能。",
        conditions=(
            "1. 已在本市参加社会保险或具有本市户籍；\n"
            "2. 此前未申领过社会保障卡，或原卡已注销。"
        ),
        procedure=(
            "1. 申请人或代办人提交身份证件和照片；\n"
            "2. 窗口采集信息并选择合作银行开通金融账户；\n"
            "3. 制卡完成后通知领卡；\n"
            "4. 村（社区）代办的，由帮办代办员统一领回发放，领卡时须本人签收并激活。"
        ),
        fees="不收费",
        legal_basis="《中华人民共和国社会保险法》第五十八条",
        intermediary="无",
        faq=(
            "问：16周岁以下儿童能办理吗？\n"
            "答：可以，由监护人携带儿童户口簿和监护人身份证代为申领。"
        ),
        materials=[
            dict(
                name="居民身份证或户口簿", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="近期白底免冠彩色证件照", copies=1, form="original", source="申请人自备，或在窗口现场免费拍摄",
                required=True, deferrable=True,
            ),
            dict(
                name="监护人居民身份证", copies=1, form="original", source="为未成年人申领时提供", required=False,
                deferrable=False,
            ),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="RSJ-006",
        aliases=("社保登记", "单位社保", "社保开户"),
        department="RSJ",
        name="单位参保登记",
        sub_name="用人单位社会保险登记",
        power_kind="public_service",
        category="social_insurance",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "用人单位自成立之日起三十日内应办理社会保险登记。通过“企业开办一件事”办理的，"
            "登记信息由市场监管部门推送，无需重复提交营业执照。"
        ),
        conditions=(
            "1. 已依法取得营业执照或登记证书；\n"
            "2. 有在职职工需要参保。"
        ),
        procedure=(
            "1. 企业开办综合窗口推送登记信息，或单位自行提出申请；\n"
            "2. 填写《社会保险登记表》及首批参保职工名单；\n"
            "3. 社保经办机构核验后生成单位社保编号；\n"
            "4. 为首批职工办理参保增员，当日办结。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第五十七条；"
            "《社会保险费征缴暂行条例》；"
            "《社会保险登记管理暂行办法》"
        ),
        intermediary="无",
        faq=(
            "问：新公司暂时没有员工需要办理社保登记吗？\n"
            "答：可在招用首名职工之日起三十日内办理，建议开办时一并完成单位登记。"
        ),
        materials=[
            dict(
                name="营业执照", copies=1, form="copy",
                source="企业自备；“企业开办一件事”办理时由市场监管部门推送，免提交", required=True, deferrable=False,
            ),
            dict(
                name="法定代表人居民身份证", copies=1, form="copy", source="企业自备", required=True,
                deferrable=False,
            ),
            dict(
                name="《社会保险登记表》", copies=1, form="original",
                source="窗口领取或在政务服务网下载，加盖单位公章", required=True, deferrable=False,
            ),
            dict(
                name="劳动合同", copies=1, form="copy", source="用人单位与首批参保职工签订", required=True,
                deferrable=True,
            ),
            dict(
                name="经办人身份证及单位授权委托书", copies=1, form="original",
                source="非法定代表人办理时提供，由单位出具", required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="RSJ-007",
        aliases=("退休", "办退休", "养老金"),
        department="RSJ",
        name="企业职工基本养老保险待遇申领",
        sub_name="正常退休",
        power_kind="benefit",
        category="social_insurance",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "达到法定退休年龄、累计缴费满15年的企业职工（含灵活就业人员），可申领按月发放的"
            "基本养老金。"
            "可通过“退休一件事”同步办理医保退休待遇核定和住房公积金退休提取。"
        ),
        conditions=(
            "1. 达到法定退休年龄；\n"
            "2. 累计缴费年限（含视同缴费年限）满15年；\n"
            "3. 已停止缴纳职工基本养老保险费。"
        ),
        procedure=(
            "1. 单位或本人提交退休申请和档案材料；\n"
            "2. 人社部门审核出生时间、参加工作时间和视同缴费年限；\n"
            "3. 核定基本养老金并出具待遇核定表；\n"
            "4. 申请人确认核定结果并签字；\n"
            "5. 次月起按月发放至社会保障卡。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第十六条；"
            "《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）；"
            "《国务院关于工人退休、退职的暂行办法》"
        ),
        intermediary="无",
        faq=(
            "问：档案中出生日期与身份证不一致怎么办？\n"
            "答：按“最先记载”原则以档案记载为准，存在疑义的由人社部门调查核实后认定。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="本人人事档案", copies=1, form="original", source="由单位或档案保管机构（人才服务中心等）调取",
                required=True, deferrable=False,
            ),
            dict(
                name="《职工退休审批表》", copies=1, form="original",
                source="窗口领取；单位职工由单位盖章，灵活就业人员由本人签字", required=True, deferrable=False,
            ),
            dict(name="社会保障卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=True),
            dict(
                name="近期一寸免冠彩色照片", copies=2, form="original", source="申请人自备，或在窗口免费拍摄",
                required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="RSJ-008",
        min_age=16,
        aliases=("就业证", "失业证"),
        department="RSJ",
        name="就业创业证申领",
        sub_name="",
        power_kind="public_service",
        category="social_insurance",
        time_limit_days=3,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town"),
        basic_info=(
            "劳动年龄内、有劳动能力和就业创业要求的城乡劳动者可申领《就业创业证》，"
            "作为享受就业创业扶持政策的凭证。"
        ),
        conditions=(
            "1. 处于法定劳动年龄内；\n"
            "2. 有劳动能力和就业创业要求；\n"
            "3. 在本市有户籍或常住。"
        ),
        procedure=(
            "1. 申请人提交身份证件并填写登记表；\n"
            "2. 窗口录入就业失业登记信息；\n"
            "3. 核发《就业创业证》或电子证照；\n"
            "4. 帮办代办员同步推送就业岗位和培训信息。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国就业促进法》；"
            "《就业服务与就业管理规定》"
        ),
        intermediary="无",
        faq=(
            "问：电子就业创业证和纸质证效力一样吗？\n"
            "答：一样，可在政务服务网或手机端下载电子证照。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="近期一寸免冠彩色照片", copies=1, form="original", source="申请人自备，或在窗口免费拍摄",
                required=True, deferrable=True,
            ),
            dict(
                name="毕业证书", copies=1, form="copy", source="高校毕业生申领时提供，申请人自备", required=False,
                deferrable=True,
            ),
        ],
    ),
    # ---- 医保
    dict(
        code="YBJ-001",
        aliases=("医保", "居民医保", "新农合"),
        department="YBJ",
        name="城乡居民基本医疗保险参保登记",
        sub_name="",
        power_kind="public_service",
        category="medical_insurance",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town", "village"),
        basic_info=(
            "除职工医保应参保人员以外的城乡居民（含学生、儿童、新生儿）可参加城乡居民基本医疗保险，"
            "按年度缴费，享受住院、门诊统筹和大病保险待遇。"
        ),
        conditions=(
            "1. 具有本市户籍或持有本市居住证；\n"
            "2. 未参加职工基本医疗保险；\n"
            "3. 新生儿可在出生后90日内凭出生医学证明参保，自出生之日起享受待遇。"
        ),
        procedure=(
            "1. 申请人或家属提交身份证件；\n"
            "2. 帮办代办员协助填写参保登记信息；\n"
            "3. 医保经办机构完成登记；\n"
            "4. 告知通过税务APP、银行或村集中代收等渠道缴费，集中缴费期内缴费的次年1月"
            "1日起享受待遇。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第二十五条；"
            "《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）"
        ),
        intermediary="无",
        faq=(
            "问：在外地上大学的学生怎么参保？\n"
            "答：可在学校所在地参保，也可在户籍地参保，但不得重复参保。"
        ),
        materials=[
            dict(
                name="居民身份证或户口簿", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="出生医学证明", copies=1, form="copy", source="新生儿参保时提供，由助产医疗机构签发",
                required=False, deferrable=True,
            ),
            dict(
                name="居住证", copies=1, form="copy", source="非本市户籍人员提供，由公安机关核发", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="YBJ-002",
        aliases=("医保", "异地就医", "医保备案"),
        department="YBJ",
        name="基本医疗保险参保人员异地就医备案",
        sub_name="异地长期居住人员备案",
        power_kind="public_service",
        category="medical_insurance",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town"),
        basic_info=(
            "参保人员因异地安置、异地长期居住等原因需在参保地以外就医的，办理备案后可在就医地"
            "联网定点医疗机构直接结算。"
        ),
        conditions=(
            "1. 正常参加本市基本医疗保险；\n"
            "2. 在备案地长期居住或已退休异地安置。"
        ),
        procedure=(
            "1. 申请人提交备案申请（也可通过国家医保服务平台APP自助办理）；\n"
            "2. 帮办代办员协助填写《异地就医备案表》或在线填报；\n"
            "3. 医保窗口审核并即时备案；\n"
            "4. 告知备案有效期和就医地定点医疗机构查询方式。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》；"
            "《国家医疗保障局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知"
            "》（医保发〔2022〕22号）"
        ),
        intermediary="无",
        faq=(
            "问：备案后回参保地看病还能报销吗？\n"
            "答：可以，备案有效期内在参保地就医按规定正常享受待遇。"
        ),
        materials=[
            dict(
                name="居民身份证或社会保障卡", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="《基本医疗保险参保人员异地就医备案表》", copies=1, form="original",
                source="窗口领取或通过国家医保服务平台在线填写", required=True, deferrable=False,
            ),
            dict(
                name="个人承诺书", copies=1, form="original", source="以告知承诺方式备案时签署，窗口提供模板",
                required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="YBJ-003",
        aliases=("医保", "慢性病", "门慢", "特病"),
        department="YBJ",
        name="门诊慢特病病种待遇认定",
        sub_name="",
        power_kind="confirmation",
        category="medical_insurance",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "患有高血压、糖尿病、恶性肿瘤门诊治疗、尿毒症透析等门诊慢特病的参保人员，"
            "经认定后门诊费用按慢特病政策报销。"
        ),
        conditions=(
            "1. 正常参加本市基本医疗保险；\n"
            "2. 经二级及以上定点医疗机构确诊，符合本市门诊慢特病病种认定标准。"
        ),
        procedure=(
            "1. 参保人准备病历和检查报告；\n"
            "2. 帮办代办员协助填写《门诊慢特病待遇认定申请表》；\n"
            "3. 医保经办机构组织专家评审认定；\n"
            "4. 认定通过后系统登记，次日起享受待遇；\n"
            "5. 告知认定结果及定点医疗机构选择。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》；"
            "《国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见》（国办发〔"
            "2021〕14号）"
        ),
        intermediary="无",
        faq=(
            "问：认定后每年都要重新申请吗？\n"
            "答：多数病种长期有效，部分病种（如恶性肿瘤门诊治疗）在有效期届满前需申请复审。"
        ),
        materials=[
            dict(
                name="居民身份证或社会保障卡", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="疾病诊断证明书", copies=1, form="original", source="由二级及以上定点医疗机构出具",
                required=True, deferrable=False,
            ),
            dict(
                name="近期病历及检查检验报告", copies=1, form="copy", source="由就诊医疗机构提供", required=True,
                deferrable=True,
            ),
            dict(
                name="《门诊慢特病待遇认定申请表》", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="YBJ-004",
        aliases=("医保", "医药费报销", "报销"),
        department="YBJ",
        name="零星医疗费用报销",
        sub_name="异地就医手工报销",
        power_kind="benefit",
        category="medical_insurance",
        time_limit_days=20,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "参保人员在异地就医未能直接结算、或因急诊抢救在非定点医疗机构就医的，"
            "可凭票据申请手工报销。"
        ),
        conditions=(
            "1. 就医时处于正常参保缴费状态；\n"
            "2. 未在就医地直接结算；\n"
            "3. 自费用发生之日起一年内提出申请。"
        ),
        procedure=(
            "1. 申请人整理发票和费用清单；\n"
            "2. 帮办代办员审核材料完整性，代办的签署授权委托书；\n"
            "3. 医保窗口受理并录入费用明细；\n"
            "4. 审核结算后将报销款支付到申请人社会保障卡银行账户；\n"
            "5. 告知结算结果。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国社会保险法》第二十八条、第二十九条；"
            "《医疗保障基金使用监督管理条例》"
        ),
        intermediary="无",
        faq=(
            "问：发票丢了能用复印件报销吗？\n"
            "答：须提供开具医院加盖公章的发票复印件，并出具未重复报销的承诺。"
        ),
        materials=[
            dict(name="社会保障卡", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="医疗费用发票", copies=1, form="original", source="由就诊医疗机构开具", required=True,
                deferrable=False,
            ),
            dict(
                name="费用明细清单", copies=1, form="original", source="由就诊医疗机构提供", required=True,
                deferrable=True,
            ),
            dict(
                name="出院记录或门诊病历", copies=1, form="copy", source="由就诊医疗机构提供", required=True,
                deferrable=True,
            ),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="YBJ-005",
        aliases=("医保", "医保退休"),
        department="YBJ",
        name="职工基本医疗保险退休待遇核定",
        sub_name="缴费年限核定",
        power_kind="confirmation",
        category="medical_insurance",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "职工办理退休时，医保经办机构核定其职工医保累计缴费年限和实际缴费年限；"
            "达到规定年限的，退休后不再缴费，按规定享受退休人员医保待遇。"
        ),
        conditions=(
            "1. 已办理企业职工基本养老保险退休审批；\n"
            "2. 参加本市职工基本医疗保险。"
        ),
        procedure=(
            "1. 人社部门退休审批结果推送至医保部门（“退休一件事”）；\n"
            "2. 医保窗口核定累计和实际缴费年限；\n"
            "3. 缴费年限不足的，告知一次性补缴或按月续缴方式；\n"
            "4. 核定完成后变更为退休人员身份。"
        ),
        fees="不收费",
        legal_basis="《中华人民共和国社会保险法》第二十七条",
        intermediary="无",
        faq=(
            "问：医保缴费年限不够怎么办？\n"
            "答：可选择一次性补足差额年限，或继续按月缴费至满足规定年限。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="《职工退休审批表》", copies=1, form="copy",
                source="由人社部门出具；“退休一件事”办理时内部推送，免提交", required=True, deferrable=True,
            ),
            dict(
                name="外地医保缴费凭证", copies=1, form="original",
                source="有外地参保经历的提供，由原参保地医保经办机构出具", required=False, deferrable=True,
            ),
        ],
    ),
    # ---- 公积金
    dict(
        code="GJJ-001",
        aliases=("公积金", "公积金开户"),
        department="GJJ",
        name="住房公积金单位缴存登记",
        sub_name="",
        power_kind="public_service",
        category="housing_fund",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "新设立的单位应自设立之日起三十日内到住房公积金管理中心办理缴存登记，"
            "并为职工设立住房公积金个人账户。"
        ),
        conditions=(
            "1. 依法设立的机关、事业单位、企业及民办非企业单位等；\n"
            "2. 已开立银行结算账户。"
        ),
        procedure=(
            "1. 单位提交缴存登记申请；\n"
            "2. 公积金窗口核验单位信息；\n"
            "3. 设立单位账户和职工个人账户；\n"
            "4. 告知缴存比例（5%—12%）和汇缴方式，当日办结。"
        ),
        fees="不收费",
        legal_basis="《住房公积金管理条例》第十四条、第十五条",
        intermediary="无",
        faq=(
            "问：小微企业缴存比例可以低于5%吗？\n"
            "答：生产经营困难的，经职工代表大会或工会讨论通过，可按规定申请降低缴存比例或缓缴。"
        ),
        materials=[
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="《住房公积金单位缴存登记表》", copies=1, form="original",
                source="窗口领取或在公积金网上服务大厅下载，加盖单位公章", required=True, deferrable=False,
            ),
            dict(
                name="法定代表人居民身份证", copies=1, form="copy", source="单位自备", required=True,
                deferrable=False,
            ),
            dict(
                name="经办人身份证及单位授权委托书", copies=1, form="original", source="由单位出具", required=True,
                deferrable=False,
            ),
            dict(
                name="职工花名册", copies=1, form="original", source="单位自行制作，加盖公章", required=True,
                deferrable=True,
            ),
        ],
    ),
    dict(
        code="GJJ-002",
        aliases=("公积金", "取公积金", "租房提取"),
        department="GJJ",
        name="住房公积金提取",
        sub_name="租赁住房提取",
        power_kind="public_service",
        category="housing_fund",
        time_limit_days=3,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="职工本人及配偶在本市无自有住房且租赁住房的，可按规定提取住房公积金支付房租。",
        conditions=(
            "1. 连续足额缴存住房公积金满3个月；\n"
            "2. 本人及配偶在本市无自有住房；\n"
            "3. 同一年度内按规定额度提取。"
        ),
        procedure=(
            "1. 职工提交提取申请；\n"
            "2. 公积金窗口查询住房信息并审核；\n"
            "3. 审核通过后将提取金额转入职工本人银行卡；\n"
            "4. 告知下次可提取时间。"
        ),
        fees="不收费",
        legal_basis=(
            "《住房公积金管理条例》第二十四条；"
            "《住房城乡建设部 财政部 中国人民银行关于放宽提取住房公积金支付房租条件的通知》"
            "（建金〔2015〕19号）"
        ),
        intermediary="无",
        faq=(
            "问：没有租赁合同可以提取吗？\n"
            "答：在本市无自有住房的，可按本市规定的定额标准提取，无需提供租赁合同。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="本人银行卡", copies=1, form="copy", source="申请人自备，须为本人名下一类账户", required=True,
                deferrable=False,
            ),
            dict(
                name="房屋租赁合同", copies=1, form="copy", source="申请人与出租人签订；已办理租赁备案的可免交",
                required=False, deferrable=True,
            ),
            dict(
                name="结婚证", copies=1, form="copy", source="已婚的提供，由婚姻登记机关核发", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="GJJ-003",
        aliases=("公积金", "取公积金", "买房提取"),
        department="GJJ",
        name="住房公积金提取",
        sub_name="购买自住住房提取",
        power_kind="public_service",
        category="housing_fund",
        time_limit_days=3,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="职工购买、建造、翻建、大修自住住房的，可提取本人及配偶的住房公积金。",
        conditions=(
            "1. 购买本市或户籍地自住住房；\n"
            "2. 自购房合同签订或不动产登记之日起两年内提出申请；\n"
            "3. 提取总额不超过购房款。"
        ),
        procedure=(
            "1. 职工提交购房证明材料；\n"
            "2. 公积金窗口通过不动产登记信息共享核验；\n"
            "3. 审核通过后划转至本人银行账户；\n"
            "4. 配偶一并提取的同时办理。"
        ),
        fees="不收费",
        legal_basis="《住房公积金管理条例》第二十四条",
        intermediary="无",
        faq=(
            "问：商品房还没交房能提取吗？\n"
            "答：可以，凭已网签备案的商品房买卖合同和购房发票提取。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="不动产权证书或已备案的商品房买卖合同", copies=1, form="copy",
                source="由不动产登记机构核发，或由房地产开发企业提供", required=True, deferrable=False,
            ),
            dict(
                name="购房发票或契税完税凭证", copies=1, form="copy", source="由开发企业开具，或由税务部门出具",
                required=True, deferrable=True,
            ),
            dict(name="结婚证", copies=1, form="copy", source="配偶同时提取时提供", required=False, deferrable=False),
            dict(name="本人银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=False),
        ],
    ),
    dict(
        code="GJJ-004",
        aliases=("公积金", "取公积金", "退休提取"),
        department="GJJ",
        name="住房公积金提取",
        sub_name="离休、退休提取",
        power_kind="public_service",
        category="housing_fund",
        time_limit_days=3,
        forms=("assisted", "proxy", "home_visit"),
        levels=("city", "county"),
        basic_info="职工离休、退休的，可申请销户提取住房公积金个人账户全部余额。",
        conditions=(
            "1. 已办理离休、退休手续；\n"
            "2. 个人账户无未结清的住房公积金贷款。"
        ),
        procedure=(
            "1. 职工提交退休证明材料（“退休一件事”中由人社部门推送退休信息）；\n"
            "2. 公积金窗口核验并结息；\n"
            "3. 销户并将账户余额一次性转入本人银行卡；\n"
            "4. 行动不便的可由帮办代办员持授权委托书代为办理或上门服务。"
        ),
        fees="不收费",
        legal_basis="《住房公积金管理条例》第二十四条",
        intermediary="无",
        faq=(
            "问：退休时公积金贷款还没还清能提取吗？\n"
            "答：须先用账户余额冲还贷款或结清贷款后，再办理销户提取。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="退休证明（退休审批表或养老金领取证明）", copies=1, form="copy",
                source="由人社部门出具；“退休一件事”办理时免提交", required=True, deferrable=True,
            ),
            dict(name="本人银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=False),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="GJJ-005",
        aliases=("公积金", "公积金贷款", "房贷"),
        department="GJJ",
        name="住房公积金个人住房贷款",
        sub_name="",
        power_kind="public_service",
        category="housing_fund",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="缴存职工购买、建造、翻建、大修自住住房时，可申请住房公积金个人住房贷款。",
        conditions=(
            "1. 连续正常缴存住房公积金满6个月；\n"
            "2. 具有完全民事行为能力和稳定收入，信用良好；\n"
            "3. 购房首付款达到规定比例；\n"
            "4. 本人及配偶无未结清的住房公积金贷款。"
        ),
        procedure=(
            "1. 职工与售房方签订购房合同并支付首付款；\n"
            "2. 提交贷款申请材料，帮办代办员协助预审；\n"
            "3. 公积金中心审批贷款额度和期限；\n"
            "4. 签订借款合同，办理抵押登记（可与不动产抵押登记联办）；\n"
            "5. 发放贷款。"
        ),
        fees="不收费",
        legal_basis="《住房公积金管理条例》第二十六条",
        intermediary="房地产评估（二手房贷款时需要，由申请人自主选择具备资质的评估机构）",
        faq=(
            "问：夫妻双方都缴存可以合并计算贷款额度吗？\n"
            "答：可以，按双方账户情况核定额度，但不得超过本市最高贷款限额。"
        ),
        materials=[
            dict(
                name="借款人及配偶居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="户口簿及婚姻状况证明", copies=1, form="copy", source="申请人自备；结婚证由婚姻登记机关核发",
                required=True, deferrable=False,
            ),
            dict(
                name="购房合同", copies=1, form="copy", source="与售房方签订，商品房须已网签备案", required=True,
                deferrable=False,
            ),
            dict(
                name="首付款发票或收据", copies=1, form="copy", source="由售房方开具", required=True, deferrable=True,
            ),
            dict(
                name="收入证明", copies=1, form="original", source="由工作单位出具并加盖公章", required=True,
                deferrable=True,
            ),
            dict(
                name="《住房公积金个人住房贷款申请表》", copies=1, form="original", source="窗口领取", required=True,
                deferrable=False,
            ),
        ],
    ),
    # ---- 自然资源
    dict(
        code="ZRJ-001",
        aliases=("房产证", "不动产证"),
        department="ZRJ",
        name="不动产首次登记",
        sub_name="国有建设用地使用权及房屋所有权首次登记",
        power_kind="confirmation",
        category="real_estate",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "房地产开发企业等权利人新建房屋竣工后，可申请国有建设用地使用权及房屋所有权首次登记，"
            "取得不动产权证书。"
        ),
        conditions=(
            "1. 已取得国有建设用地使用权；\n"
            "2. 房屋已竣工验收并完成测绘；\n"
            "3. 土地出让价款及相关税费已缴清。"
        ),
        procedure=(
            "1. 申请人提交登记申请和权属来源材料；\n"
            "2. 不动产登记窗口受理并查验；\n"
            "3. 登记机构审核，必要时实地查看；\n"
            "4. 登簿并缮发不动产权证书；\n"
            "5. 证书可选择窗口领取或邮寄送达。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国民法典》第二百零九条；"
            "《不动产登记暂行条例》；"
            "《不动产登记暂行条例实施细则》"
        ),
        intermediary="房屋测绘（由申请人委托具备测绘资质的单位完成）",
        faq=(
            "问：开发企业首次登记后，购房人怎么办证？\n"
            "答：首次登记完成后，购房人可与开发企业共同申请转移登记，帮办代办员可协助预约。"
        ),
        materials=[
            dict(
                name="不动产登记申请书", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="营业执照及法定代表人身份证明", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="国有建设用地使用权不动产权证书", copies=1, form="original", source="权利人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="建设工程规划核实合格证明", copies=1, form="copy", source="由自然资源部门出具", required=True,
                deferrable=False,
            ),
            dict(
                name="房屋竣工验收备案表", copies=1, form="copy", source="由住建部门出具", required=True,
                deferrable=False,
            ),
            dict(
                name="房屋实测报告", copies=1, form="original", source="由具备测绘资质的单位出具", required=True,
                deferrable=True,
            ),
        ],
    ),
    dict(
        code="ZRJ-002",
        aliases=("过户", "房产过户", "二手房"),
        department="ZRJ",
        name="不动产转移登记",
        sub_name="存量房买卖转移登记",
        power_kind="confirmation",
        category="real_estate",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "二手房买卖双方签订买卖合同并完税后，可共同申请存量房转移登记，由买方取得不动产权证书。"
            "交易、缴税、登记一窗受理。"
        ),
        conditions=(
            "1. 房屋已取得不动产权证书且未被查封；\n"
            "2. 设有抵押的已注销抵押或经抵押权人同意；\n"
            "3. 买卖双方共同申请。"
        ),
        procedure=(
            "1. 买卖双方在不动产登记窗口提交材料；\n"
            "2. 窗口一并受理交易备案和税费核定；\n"
            "3. 申请人缴纳契税等税费；\n"
            "4. 登记机构审核登簿；\n"
            "5. 核发新证，原证收回注销。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国民法典》第二百零九条；"
            "《不动产登记暂行条例》第十四条；"
            "《不动产登记暂行条例实施细则》"
        ),
        intermediary="无",
        faq=(
            "问：卖方在外地无法到场怎么办？\n"
            "答：可出具经公证的授权委托书，由受托人代为申请；"
            "帮办代办员可协助核对委托书内容。"
        ),
        materials=[
            dict(
                name="不动产登记申请书", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="买卖双方居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(name="不动产权证书", copies=1, form="original", source="卖方自备", required=True, deferrable=False),
            dict(
                name="存量房买卖合同", copies=1, form="original", source="买卖双方签订，可使用窗口提供的示范文本",
                required=True, deferrable=False,
            ),
            dict(
                name="完税凭证", copies=1, form="copy", source="由税务部门出具，窗口联办", required=True,
                deferrable=False,
            ),
            dict(
                name="买卖双方婚姻状况证明", copies=1, form="copy", source="结婚证、离婚证或婚姻状况声明，申请人自备",
                required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="ZRJ-003",
        aliases=("抵押", "房屋抵押"),
        department="ZRJ",
        name="不动产抵押登记",
        sub_name="抵押权首次登记",
        power_kind="confirmation",
        category="real_estate",
        time_limit_days=3,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "以不动产设定抵押向银行等金融机构贷款的，由抵押人和抵押权人共同申请抵押权首次登记，"
            "抵押权自登记时设立。"
        ),
        conditions=(
            "1. 抵押物已办理不动产登记且权属清楚；\n"
            "2. 已签订主债权合同和抵押合同；\n"
            "3. 不存在查封等限制情形。"
        ),
        procedure=(
            "1. 抵押人与抵押权人共同申请（可在合作银行延伸网点申请）；\n"
            "2. 窗口受理并查验；\n"
            "3. 审核登簿；\n"
            "4. 向抵押权人核发不动产登记证明。"
        ),
        fees=(
            "住宅类每件80元，非住宅类每件550元；"
            "小微企业、个体工商户免收"
        ),
        legal_basis=(
            "《中华人民共和国民法典》第三百九十四条、第四百零二条；"
            "《不动产登记暂行条例实施细则》第六十五条"
        ),
        intermediary="无",
        faq=(
            "问：抵押登记要收费吗？\n"
            "答：按规定标准收取登记费；"
            "小微企业、个体工商户申请抵押登记的免收登记费。"
        ),
        materials=[
            dict(
                name="不动产登记申请书", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="抵押人身份证明及抵押权人营业执照、授权书", copies=1, form="copy",
                source="抵押人自备；抵押权人由金融机构出具", required=True, deferrable=False,
            ),
            dict(name="不动产权证书", copies=1, form="original", source="抵押人自备", required=True, deferrable=False),
            dict(
                name="主债权合同及抵押合同", copies=1, form="original", source="由抵押人与抵押权人签订",
                required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="ZRJ-004",
        department="ZRJ",
        name="不动产更正登记",
        sub_name="依申请更正登记",
        power_kind="confirmation",
        category="real_estate",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="权利人、利害关系人认为不动产登记簿记载事项有错误的，可申请更正登记。",
        conditions=(
            "1. 有证据证明登记簿记载事项错误；\n"
            "2. 权利人书面同意更正，或有证据证明登记确有错误。"
        ),
        procedure=(
            "1. 申请人提交更正申请和证明材料；\n"
            "2. 登记机构核查原登记档案；\n"
            "3. 确有错误的予以更正并记载于登记簿；\n"
            "4. 换发不动产权证书或出具更正证明。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国民法典》第二百二十条；"
            "《不动产登记暂行条例实施细则》第七十九条"
        ),
        intermediary="无",
        faq=(
            "问：证书上身份证号码错了属于更正登记吗？\n"
            "答：属于，申请人提供正确的身份证件和户籍证明即可申请更正。"
        ),
        materials=[
            dict(
                name="不动产登记申请书", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(name="不动产权证书", copies=1, form="original", source="权利人自备", required=True, deferrable=False),
            dict(
                name="证实登记确有错误的材料", copies=1, form="copy",
                source="如户籍证明由派出所出具，测绘报告由测绘单位出具", required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="ZRJ-005",
        aliases=("查档", "房产查询"),
        department="ZRJ",
        name="不动产登记资料查询",
        sub_name="",
        power_kind="public_service",
        category="real_estate",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "权利人、利害关系人可查询、复制不动产登记资料；"
            "个人可查询本人名下不动产登记信息。"
        ),
        conditions=(
            "1. 查询人为权利人或有合法利害关系；\n"
            "2. 查询目的符合《不动产登记资料查询暂行办法》规定。"
        ),
        procedure=(
            "1. 查询人填写查询申请书；\n"
            "2. 窗口核验身份和查询权限；\n"
            "3. 调取登记资料并出具查询结果证明；\n"
            "4. 当场交付，或通过政务服务网自助打印。"
        ),
        fees="不收费",
        legal_basis=(
            "《不动产登记暂行条例》第二十七条；"
            "《不动产登记资料查询暂行办法》"
        ),
        intermediary="无",
        faq=(
            "问：可以帮家人查询名下房产吗？\n"
            "答：可以，凭家人签署的授权委托书和双方身份证代为查询。"
        ),
        materials=[
            dict(
                name="不动产登记资料查询申请书", copies=1, form="original", source="窗口领取或现场填写",
                required=True, deferrable=False,
            ),
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
            dict(
                name="利害关系证明材料", copies=1, form="copy", source="利害关系人查询时提供，如判决书、合同等",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="ZRJ-006",
        department="ZRJ",
        name="建设项目用地预审与选址意见书核发",
        sub_name="",
        power_kind="licensing",
        category="construction",
        time_limit_days=20,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "以划拨方式提供国有土地使用权的建设项目，以及需办理用地预审的项目，应申请用地预审"
            "与选址意见书（“多审合一”）。"
        ),
        conditions=(
            "1. 项目符合国土空间规划和用途管制要求；\n"
            "2. 已取得项目立项（备案、核准）文件或同步办理；\n"
            "3. 项目用地符合节约集约用地要求。"
        ),
        procedure=(
            "1. 建设单位提交申请；\n"
            "2. 工程建设项目综合窗口受理，帮办代办员协助梳理材料清单；\n"
            "3. 自然资源部门审查规划符合性和用地情况；\n"
            "4. 核发《建设项目用地预审与选址意见书》。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国城乡规划法》第三十六条；"
            "《中华人民共和国土地管理法》第五十二条；"
            "《建设项目用地预审管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：以出让方式取得土地的项目需要办理选址意见书吗？\n"
            "答：不需单独核发选址意见书；"
            "需要用地预审的按规定办理用地预审。"
        ),
        materials=[
            dict(
                name="建设项目用地预审与选址申请表", copies=1, form="original",
                source="窗口领取或在工程建设项目审批管理系统填写", required=True, deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="项目立项（备案）文件", copies=1, form="copy", source="由发展改革部门出具", required=True,
                deferrable=True,
            ),
            dict(
                name="项目拟选址位置图及用地范围图", copies=1, form="original", source="由建设单位委托设计单位绘制",
                required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="ZRJ-007",
        department="ZRJ",
        name="建设用地规划许可证核发",
        sub_name="",
        power_kind="licensing",
        category="construction",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "建设单位以出让方式取得国有土地使用权后，持出让合同申领建设用地规划许可证；"
            "以划拨方式取得的，凭用地预审与选址意见书申领。"
        ),
        conditions=(
            "1. 已签订国有建设用地使用权出让合同或取得划拨决定；\n"
            "2. 建设用地符合规划条件。"
        ),
        procedure=(
            "1. 建设单位提交申请；\n"
            "2. 工程建设项目综合窗口受理；\n"
            "3. 审查用地范围和规划条件；\n"
            "4. 核发《建设用地规划许可证》。"
        ),
        fees="不收费",
        legal_basis="《中华人民共和国城乡规划法》第三十七条、第三十八条",
        intermediary="无",
        faq=(
            "问：出让合同签订后多久可以申请？\n"
            "答：签订出让合同并缴清出让价款后即可申请，可与土地登记同步办理。"
        ),
        materials=[
            dict(
                name="建设用地规划许可申请表", copies=1, form="original",
                source="窗口领取或在工程建设项目审批管理系统填写", required=True, deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="国有建设用地使用权出让合同", copies=1, form="copy", source="与自然资源部门签订", required=True,
                deferrable=False,
            ),
            dict(
                name="规划条件", copies=1, form="copy", source="由自然资源部门出具，作为出让合同附件", required=True,
                deferrable=True,
            ),
            dict(
                name="勘测定界图", copies=1, form="original", source="由具备资质的测绘单位出具", required=True,
                deferrable=True,
            ),
        ],
    ),
    dict(
        code="ZRJ-008",
        department="ZRJ",
        name="建设工程规划许可证核发",
        sub_name="",
        power_kind="licensing",
        category="construction",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位应申领"
            "建设工程规划许可证。"
        ),
        conditions=(
            "1. 已取得建设用地规划许可证和土地权属证明；\n"
            "2. 设计方案已通过审查；\n"
            "3. 符合控制性详细规划和规划条件。"
        ),
        procedure=(
            "1. 建设单位提交申请和设计图纸；\n"
            "2. 工程建设项目综合窗口受理；\n"
            "3. 审查总平面图及建筑指标；\n"
            "4. 批前公示（不计入承诺时限）；\n"
            "5. 核发《建设工程规划许可证》。"
        ),
        fees="不收费",
        legal_basis="《中华人民共和国城乡规划法》第四十条",
        intermediary="建设工程设计（由具备相应资质的设计单位编制）",
        faq=(
            "问：规划许可批前公示期要算在办理时限里吗？\n"
            "答：不计入，公示期满无异议后出具许可。"
        ),
        materials=[
            dict(
                name="建设工程规划许可申请表", copies=1, form="original",
                source="窗口领取或在工程建设项目审批管理系统填写", required=True, deferrable=False,
            ),
            dict(
                name="不动产权证书（土地）", copies=1, form="copy", source="权利人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="建设用地规划许可证", copies=1, form="copy", source="由自然资源部门核发", required=True,
                deferrable=False,
            ),
            dict(
                name="总平面图及建筑单体设计图", copies=1, form="original", source="由设计单位编制，附电子文件",
                required=True, deferrable=False,
            ),
            dict(
                name="建设工程设计方案审查意见", copies=1, form="copy", source="由自然资源部门出具", required=True,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="ZRJ-009",
        department="ZRJ",
        name="建设工程设计方案审查",
        sub_name="",
        power_kind="other_power",
        category="construction",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "建设单位在申领建设工程规划许可证前，应报送建设工程设计方案，由自然资源部门审查其"
            "与规划条件的符合性。"
        ),
        conditions=(
            "1. 已取得建设用地规划许可证或签订土地出让合同；\n"
            "2. 设计方案由具备相应资质的设计单位编制。"
        ),
        procedure=(
            "1. 提交设计方案文本及电子数据；\n"
            "2. 工程建设项目综合窗口受理并分送审查；\n"
            "3. 组织技术审查，必要时征求相关部门意见；\n"
            "4. 出具设计方案审查意见。"
        ),
        fees="不收费",
        legal_basis="《中华人民共和国城乡规划法》第四十条",
        intermediary="建设工程设计方案编制（由具备相应资质的设计单位承担）",
        faq=(
            "问：方案审查和规划许可能否衔接办理？\n"
            "答：工业项目在方案审查通过后可立即申请建设工程规划许可，由帮办代办员协调衔接。"
        ),
        materials=[
            dict(
                name="建设工程设计方案审查申请表", copies=1, form="original", source="窗口领取", required=True,
                deferrable=False,
            ),
            dict(
                name="设计方案文本", copies=1, form="original",
                source="由设计单位编制，含总平面图、效果图和技术经济指标", required=True, deferrable=False,
            ),
            dict(
                name="设计单位资质证书", copies=1, form="copy", source="由设计单位提供", required=True,
                deferrable=True,
            ),
            dict(
                name="土地出让合同或建设用地规划许可证", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
        ],
    ),
    # ---- 民政
    dict(
        code="MZJ-001",
        aliases=("低保",),
        department="MZJ",
        name="最低生活保障",
        sub_name="最低生活保障审核确认",
        power_kind="benefit",
        category="civil_affairs",
        time_limit_days=20,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town", "village"),
        basic_info=(
            "共同生活的家庭成员人均收入低于当地最低生活保障标准、且家庭财产状况符合规定的，"
            "可申请最低生活保障。村（社区）可代为受理并提交乡镇人民政府。"
        ),
        conditions=(
            "1. 持有本县户籍；\n"
            "2. 家庭人均收入低于当地低保标准；\n"
            "3. 家庭财产状况符合当地规定。"
        ),
        procedure=(
            "1. 申请人向户籍所在地乡镇或通过村（社区）提出申请；\n"
            "2. 全体家庭成员签署家庭经济状况核对授权书；\n"
            "3. 乡镇组织入户调查和信息核对；\n"
            "4. 村（社区）民主评议并公示7天；\n"
            "5. 县级民政部门审核确认，自次月起发放低保金。"
        ),
        fees="不收费",
        legal_basis=(
            "《社会救助暂行办法》第九条至第十三条；"
            "《最低生活保障审核确认办法》（民发〔2021〕57号）"
        ),
        intermediary="无",
        faq=(
            "问：家里有人在外打工还能申请低保吗？\n"
            "答：能否纳入以家庭人均收入和财产核算结果为准，务工收入需如实申报。"
        ),
        materials=[
            dict(
                name="户口簿及家庭成员居民身份证", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="《最低生活保障申请书》", copies=1, form="original",
                source="窗口领取，由申请人填写或由帮办代办员协助填写", required=True, deferrable=False,
            ),
            dict(
                name="家庭经济状况核对授权书", copies=1, form="original", source="窗口提供，全体家庭成员签字",
                required=True, deferrable=False,
            ),
            dict(
                name="家庭成员收入证明", copies=1, form="original", source="由工作单位出具，或由本人书面承诺",
                required=True, deferrable=True,
            ),
            dict(
                name="残疾人证或疾病诊断证明", copies=1, form="copy", source="家庭成员有重病、残疾的提供",
                required=False, deferrable=True,
            ),
        ],
    ),
    dict(
        code="MZJ-002",
        aliases=("五保", "特困"),
        department="MZJ",
        name="特困人员救助供养",
        sub_name="特困人员认定",
        power_kind="benefit",
        category="civil_affairs",
        time_limit_days=20,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town", "village"),
        basic_info=(
            "无劳动能力、无生活来源、无法定赡养抚养扶养义务人（或其无履行能力）的老年人、"
            "残疾人和未成年人，可申请特困人员救助供养，选择分散供养或集中供养。"
        ),
        conditions=(
            "1. 无劳动能力；\n"
            "2. 无生活来源；\n"
            "3. 无法定赡养、抚养、扶养义务人，或其法定义务人无履行义务能力。"
        ),
        procedure=(
            "1. 本人或村（社区）代为向乡镇人民政府提出申请；\n"
            "2. 乡镇入户调查并评估生活自理能力；\n"
            "3. 村（社区）公示；\n"
            "4. 县级民政部门审核确认；\n"
            "5. 按月发放基本生活费和照料护理费。"
        ),
        fees="不收费",
        legal_basis=(
            "《社会救助暂行办法》第十四条至第二十条；"
            "《特困人员认定办法》（民发〔2021〕43号）"
        ),
        intermediary="无",
        faq=(
            "问：特困老人能否住进敬老院？\n"
            "答：有集中供养意愿的，可申请到乡镇敬老院（区域性养老服务中心）集中供养。"
        ),
        materials=[
            dict(
                name="居民身份证及户口簿", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="《特困人员救助供养申请书》", copies=1, form="original",
                source="窗口领取，可由帮办代办员协助填写", required=True, deferrable=False,
            ),
            dict(name="残疾人证", copies=1, form="copy", source="残疾人申请时提供", required=False, deferrable=False),
            dict(
                name="生活自理能力评估表", copies=1, form="original",
                source="由乡镇组织评估后出具，帮办代办员可协助预约", required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="MZJ-003",
        department="MZJ",
        name="临时救助",
        sub_name="",
        power_kind="benefit",
        category="civil_affairs",
        time_limit_days=10,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town", "village"),
        basic_info=(
            "因火灾、交通事故等意外事件或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重"
            "困难的家庭或个人，"
            "可申请临时救助。"
        ),
        conditions=(
            "1. 因突发事件、意外伤害、重大疾病等导致基本生活陷入困境；\n"
            "2. 其他社会救助制度暂时无法覆盖，或救助后仍有严重困难。"
        ),
        procedure=(
            "1. 申请人向乡镇或通过村（社区）提出申请；\n"
            "2. 乡镇调查核实，情况紧急的先行救助；\n"
            "3. 县级民政部门审批（小额救助由乡镇审批）；\n"
            "4. 发放救助金或实物。"
        ),
        fees="不收费",
        legal_basis=(
            "《社会救助暂行办法》第四十七条至第五十条；"
            "《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）"
        ),
        intermediary="无",
        faq=(
            "问：非本地户籍人员能申请吗？\n"
            "答：可以向急难发生地申请，符合条件的由急难发生地直接实施救助。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="《临时救助申请书》", copies=1, form="original", source="窗口领取，可由帮办代办员协助填写",
                required=True, deferrable=False,
            ),
            dict(
                name="困难情况证明材料", copies=1, form="copy",
                source="如医疗费用票据、火灾事故认定书等，由相关单位出具", required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="MZJ-004",
        aliases=("高龄补贴", "老人补贴", "长寿金"),
        min_age=80,
        department="MZJ",
        name="高龄津贴申领",
        sub_name="",
        power_kind="benefit",
        category="civil_affairs",
        time_limit_days=5,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town", "village"),
        basic_info="具有本市户籍、年满80周岁的老年人，可按月领取高龄津贴，标准按年龄段分档发放。",
        conditions=(
            "1. 具有本市户籍；\n"
            "2. 年满80周岁。"
        ),
        procedure=(
            "1. 老年人或家属向村（社区）提出申请；\n"
            "2. 帮办代办员核对年龄和户籍信息；\n"
            "3. 乡镇审核、县级民政部门审批；\n"
            "4. 自审批次月起按月发放至社会保障卡。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国老年人权益保障法》第三十三条；"
            "《青岚市高龄津贴发放管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：老人卧床不能到场怎么办？\n"
            "答：可由家属持老人身份证和户口簿到村代办，也可预约帮办代办员上门。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="居民户口簿", copies=1, form="original", source="申请人自备；遗失的可到户籍所在地派出所补办",
                required=True, deferrable=False,
            ),
            dict(
                name="社会保障卡或银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=True,
            ),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="MZJ-005",
        # 男年满22周岁、女年满20周岁: either party is at least 20; the man's 22
        # is checked on both documents at the registry.
        min_age=20,
        aliases=("结婚", "领证"),
        department="MZJ",
        name="内地居民婚姻登记",
        sub_name="结婚登记",
        power_kind="confirmation",
        category="civil_affairs",
        time_limit_days=1,
        forms=("assisted",),
        levels=("city", "county"),
        basic_info=(
            "内地居民自愿结婚的，男女双方应共同到婚姻登记机关申请结婚登记。结婚登记须双方本人"
            "亲自到场，"
            "不可代办；帮办代办员提供预约和材料预审服务。"
        ),
        conditions=(
            "1. 男年满22周岁、女年满20周岁；\n"
            "2. 双方均无配偶；\n"
            "3. 双方没有直系血亲和三代以内旁系血亲关系；\n"
            "4. 双方完全自愿。"
        ),
        procedure=(
            "1. 双方本人持证件到婚姻登记处（可网上预约）；\n"
            "2. 填写《申请结婚登记声明书》并现场签名；\n"
            "3. 登记员审查并询问；\n"
            "4. 符合条件的当场颁发结婚证。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国民法典》第一千零四十六条至第一千零四十九条；"
            "《婚姻登记条例》"
        ),
        intermediary="无",
        faq=(
            "问：可以委托他人代办结婚登记吗？\n"
            "答：不可以，结婚登记须双方本人亲自到场，帮办代办员只提供预约和材料预审服务。"
        ),
        materials=[
            dict(
                name="双方居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="近期半身免冠双人合影2寸照片", copies=3, form="original",
                source="申请人自备，或在登记处现场拍摄", required=True, deferrable=False,
            ),
            dict(
                name="《申请结婚登记声明书》", copies=1, form="original", source="登记处提供，双方现场签署",
                required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="MZJ-006",
        aliases=("残疾补贴", "两项补贴"),
        department="MZJ",
        name="困难残疾人生活补贴和重度残疾人护理补贴",
        sub_name="补贴申领",
        power_kind="benefit",
        category="disability",
        time_limit_days=15,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town", "village"),
        basic_info=(
            "低保家庭中的残疾人可申领困难残疾人生活补贴；"
            "残疾等级为一、二级的重度残疾人可申领重度残疾人护理补贴。"
        ),
        conditions=(
            "1. 持有第二代残疾人证；\n"
            "2. 生活补贴：属于最低生活保障家庭成员；\n"
            "3. 护理补贴：残疾等级为一级或二级。"
        ),
        procedure=(
            "1. 残疾人或其监护人向村（社区）或乡镇提出申请；\n"
            "2. 乡镇初审；\n"
            "3. 县级残联复核残疾信息，民政部门审定；\n"
            "4. 按月发放至社会保障卡。"
        ),
        fees="不收费",
        legal_basis=(
            "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2"
            "015〕52号）"
        ),
        intermediary="无",
        faq=(
            "问：两项补贴可以同时领吗？\n"
            "答：同时符合两项补贴条件的可以同时享受。"
        ),
        materials=[
            dict(
                name="第二代残疾人证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="居民身份证或户口簿", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="《残疾人两项补贴申请审批表》", copies=1, form="original",
                source="窗口领取，可由帮办代办员协助填写", required=True, deferrable=False,
            ),
            dict(
                name="社会保障卡或银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=True,
            ),
        ],
    ),
    # ---- 农业农村
    dict(
        code="NYJ-001",
        aliases=("种粮补贴", "地力补贴"),
        department="NYJ",
        name="耕地地力保护补贴",
        sub_name="补贴面积申报",
        power_kind="benefit",
        category="agriculture",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("county", "town", "village"),
        basic_info=(
            "拥有耕地承包权的种地农民按确权面积申报耕地地力保护补贴，补贴资金通过惠民惠农财政"
            "补贴资金“一卡通”直接发放到户。"
        ),
        conditions=(
            "1. 拥有耕地承包经营权；\n"
            "2. 耕地未改变用途、未撂荒；\n"
            "3. 已纳入土地承包经营权确权登记。"
        ),
        procedure=(
            "1. 农户向村委会申报补贴面积；\n"
            "2. 村委会核实并公示不少于7天；\n"
            "3. 乡镇农业综合服务中心审核汇总；\n"
            "4. 县农业农村局、财政局复核后通过“一卡通”发放。"
        ),
        fees="不收费",
        legal_basis=(
            "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）；"
            "《中华人民共和国农村土地承包法》"
        ),
        intermediary="无",
        faq=(
            "问：土地流转出去了补贴归谁？\n"
            "答：原则上发放给拥有承包权的农户，流转双方另有约定的从其约定。"
        ),
        materials=[
            dict(name="户主居民身份证", copies=1, form="copy", source="申请人自备", required=True, deferrable=False),
            dict(
                name="农村土地承包经营权证", copies=1, form="copy", source="由县级人民政府颁发，农户自备",
                required=True, deferrable=True,
            ),
            dict(
                name="惠民惠农“一卡通”存折或银行卡", copies=1, form="copy", source="由代发银行发放，农户自备",
                required=True, deferrable=False,
            ),
            dict(
                name="补贴面积申报表", copies=1, form="original", source="由村委会提供", required=True,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="NYJ-002",
        department="NYJ",
        name="农机购置与应用补贴申领",
        sub_name="",
        power_kind="benefit",
        category="agriculture",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("county", "town"),
        basic_info=(
            "从事农业生产的个人和农业生产经营组织购置补贴范围内的农业机械，实行“自主购机、"
            "定额补贴、先购后补、县级结算、直补到卡（户）”。"
        ),
        conditions=(
            "1. 从事农业生产的个人或组织；\n"
            "2. 所购机具列入本省补贴机具目录；\n"
            "3. 在当年补贴资金申请期内提出申请。"
        ),
        procedure=(
            "1. 购机者自主购机并取得发票；\n"
            "2. 通过农机购置与应用补贴服务系统或窗口提交申请；\n"
            "3. 县农业农村局核验机具（牌证管理机具需先办理牌证）；\n"
            "4. 公示补贴信息；\n"
            "5. 财政结算并将补贴资金直补到卡。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国农业机械化促进法》第二十七条；"
            "《2024—2026年农机购置与应用补贴实施指导意见》"
        ),
        intermediary="无",
        faq=(
            "问：二手农机能申请补贴吗？\n"
            "答：不能，补贴仅针对购置的新机具。"
        ),
        materials=[
            dict(
                name="居民身份证或营业执照", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="购机发票", copies=1, form="original", source="由农机经销商开具", required=True,
                deferrable=False,
            ),
            dict(
                name="农机购置与应用补贴申请表", copies=1, form="original", source="窗口领取或在补贴服务系统填写",
                required=True, deferrable=False,
            ),
            dict(
                name="人机合影照片（含机具铭牌）", copies=1, form="original", source="申请人自行拍摄", required=True,
                deferrable=True,
            ),
            dict(name="本人银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=False),
        ],
    ),
    dict(
        code="NYJ-003",
        aliases=("宅基地", "建房"),
        department="NYJ",
        name="农村村民宅基地申请",
        sub_name="宅基地和建房（规划许可）审批",
        power_kind="licensing",
        category="agriculture",
        time_limit_days=20,
        forms=("assisted", "proxy"),
        levels=("town", "village"),
        basic_info=(
            "符合“一户一宅”条件的农村村民新建、改建、扩建住宅需要使用宅基地的，"
            "向村集体经济组织或村民小组提出申请，由乡镇人民政府审批。"
        ),
        conditions=(
            "1. 本集体经济组织成员，以户为单位申请；\n"
            "2. 符合“一户一宅”规定；\n"
            "3. 符合村庄规划，不占用永久基本农田。"
        ),
        procedure=(
            "1. 农户向村民小组提出书面申请；\n"
            "2. 村民小组会议讨论并公示；\n"
            "3. 村委会审查后报乡镇；\n"
            "4. 乡镇组织农业农村、自然资源等部门联审并实地踏勘；\n"
            "5. 乡镇人民政府核发《农村宅基地批准书》和《乡村建设规划许可证》；\n"
            "6. 开工前实地丈量批放。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国土地管理法》第六十二条；"
            "《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）"
        ),
        intermediary="无",
        faq=(
            "问：出嫁女能否申请宅基地？\n"
            "答：户籍仍在本集体经济组织且无其他住宅的，可按规定申请。"
        ),
        materials=[
            dict(
                name="《农村宅基地和建房（规划许可）申请表》", copies=1, form="original", source="由村委会提供",
                required=True, deferrable=False,
            ),
            dict(name="户口簿", copies=1, form="copy", source="申请人自备", required=True, deferrable=False),
            dict(
                name="家庭成员居民身份证", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="《农村宅基地使用承诺书》", copies=1, form="original", source="窗口提供，申请人签字",
                required=True, deferrable=False,
            ),
            dict(
                name="建房设计图或通用图", copies=1, form="original", source="可选用县农业农村局提供的农房通用图集",
                required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="NYJ-004",
        department="NYJ",
        name="农村土地经营权流转合同备案",
        sub_name="",
        power_kind="other_power",
        category="agriculture",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("county", "town", "village"),
        basic_info=(
            "承包农户将土地经营权流转给他人的，流转双方应签订书面合同，并向发包方和乡镇农村经"
            "营管理部门备案。"
        ),
        conditions=(
            "1. 流转土地已确权颁证；\n"
            "2. 流转期限不超过承包期剩余期限；\n"
            "3. 不改变土地农业用途。"
        ),
        procedure=(
            "1. 流转双方签订流转合同（可使用示范文本）；\n"
            "2. 向村委会（发包方）备案；\n"
            "3. 乡镇农村经营管理部门审核登记；\n"
            "4. 备案信息录入农村土地承包信息系统。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国农村土地承包法》第三十六条、第四十条；"
            "《农村土地经营权流转管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：口头约定的流转能备案吗？\n"
            "答：不能，流转期限为一年以上的应签订书面合同后再备案。"
        ),
        materials=[
            dict(
                name="土地经营权流转合同", copies=2, form="original", source="流转双方签订，可使用农业农村部示范文本",
                required=True, deferrable=False,
            ),
            dict(
                name="流转双方居民身份证", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="农村土地承包经营权证", copies=1, form="copy", source="承包方自备", required=True,
                deferrable=True,
            ),
            dict(
                name="委托流转书", copies=1, form="original", source="委托发包方或中介组织流转的提供", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="NYJ-005",
        department="NYJ",
        name="兽药经营许可证核发",
        sub_name="",
        power_kind="licensing",
        category="agriculture",
        time_limit_days=20,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="经营兽药（兽用生物制品除外）的单位，应取得县级以上兽医行政管理部门核发的兽药经营许可证。",
        conditions=(
            "1. 有与所经营兽药相适应的兽药技术人员；\n"
            "2. 有与所经营兽药相适应的营业场所、设备、仓库设施；\n"
            "3. 有与所经营兽药相适应的质量管理机构或人员；\n"
            "4. 兽药经营质量管理规范（GSP）检查合格。"
        ),
        procedure=(
            "1. 申请人提交申请材料；\n"
            "2. 窗口受理；\n"
            "3. 组织兽药GSP现场检查验收；\n"
            "4. 审查合格的核发兽药经营许可证。"
        ),
        fees="不收费",
        legal_basis=(
            "《兽药管理条例》第二十二条；"
            "《兽药经营质量管理规范》"
        ),
        intermediary="无",
        faq=(
            "问：兽药经营许可证有效期多久？\n"
            "答：有效期5年，期满需继续经营的应在期满前6个月申请换发。"
        ),
        materials=[
            dict(
                name="兽药经营许可证申请表", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="兽药技术人员学历或职称证明", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="营业场所和仓库平面图", copies=1, form="original", source="申请人自行绘制", required=True,
                deferrable=True,
            ),
            dict(
                name="质量管理制度文件", copies=1, form="original", source="申请人自行制定", required=True,
                deferrable=True,
            ),
        ],
    ),
    # ---- 市场监管
    dict(
        code="SCJ-001",
        aliases=("营业执照", "开公司", "注册公司"),
        department="SCJ",
        name="企业设立登记",
        sub_name="有限责任公司设立登记",
        power_kind="licensing",
        category="market",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "申请设立有限责任公司，通过“企业开办一件事”一表填报，营业执照、公章刻制、"
            "发票申领、银行开户、社保登记一次办结。"
        ),
        conditions=(
            "1. 股东符合法定人数；\n"
            "2. 有符合公司章程规定的注册资本（认缴出资自成立之日起五年内缴足）；\n"
            "3. 有公司名称和住所；\n"
            "4. 有公司章程和组织机构。"
        ),
        procedure=(
            "1. 申请人在企业开办“一网通办”平台或综合窗口一表填报；\n"
            "2. 名称自主申报；\n"
            "3. 窗口审核登记材料；\n"
            "4. 核准后发放营业执照（纸质和电子）；\n"
            "5. 同步推送信息至公安、税务、银行、人社部门。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国公司法》；"
            "《中华人民共和国市场主体登记管理条例》；"
            "《中华人民共和国市场主体登记管理条例实施细则》"
        ),
        intermediary="无",
        faq=(
            "问：注册地址可以用住宅吗？\n"
            "答：按本市住所（经营场所）登记管理规定，部分行业允许住改商，需提交住所使用证明和"
            "相关承诺。"
        ),
        materials=[
            dict(
                name="公司登记（备案）申请书", copies=1, form="original",
                source="在企业开办平台填写后打印，或窗口领取", required=True, deferrable=False,
            ),
            dict(
                name="公司章程", copies=1, form="original", source="可使用市场监管部门提供的示范文本，全体股东签署",
                required=True, deferrable=False,
            ),
            dict(
                name="股东主体资格证明", copies=1, form="copy", source="自然人股东提供身份证，法人股东提供营业执照",
                required=True, deferrable=False,
            ),
            dict(
                name="法定代表人、董事、监事、经理任职文件及身份证明", copies=1, form="copy", source="申请人自备",
                required=True, deferrable=False,
            ),
            dict(
                name="住所使用证明", copies=1, form="copy",
                source="房屋产权证明或租赁合同，也可按规定提交住所申报承诺书", required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="SCJ-002",
        aliases=("营业执照", "个体户", "开店"),
        department="SCJ",
        name="个体工商户设立登记",
        sub_name="",
        power_kind="licensing",
        category="market",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town"),
        basic_info="有经营能力的公民从事工商业经营的，可申请登记为个体工商户，领取营业执照。",
        conditions=(
            "1. 具有经营能力的自然人；\n"
            "2. 有固定的经营场所；\n"
            "3. 经营范围不属于法律法规禁止的行业。"
        ),
        procedure=(
            "1. 经营者提交登记申请；\n"
            "2. 窗口审核；\n"
            "3. 当场核发营业执照；\n"
            "4. 告知涉及后置许可的经营项目须另行办理许可。"
        ),
        fees="不收费",
        legal_basis=(
            "《促进个体工商户发展条例》；"
            "《中华人民共和国市场主体登记管理条例》"
        ),
        intermediary="无",
        faq=(
            "问：个体户可以不起字号名称吗？\n"
            "答：可以，个体工商户可以使用名称，也可以不使用名称。"
        ),
        materials=[
            dict(
                name="个体工商户登记（备案）申请书", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="经营者居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="经营场所使用证明", copies=1, form="copy",
                source="房产证或租赁合同；农村经营场所可由村委会出具证明", required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="SCJ-003",
        aliases=("食品许可证", "餐饮许可"),
        department="SCJ",
        name="食品经营许可",
        sub_name="新办食品经营许可",
        power_kind="licensing",
        category="market",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "从事食品销售和餐饮服务活动的，应依法取得食品经营许可证；"
            "仅销售预包装食品的实行备案管理。"
        ),
        conditions=(
            "1. 具有与经营的食品品种、数量相适应的经营场所；\n"
            "2. 具有相应的经营设备或者设施；\n"
            "3. 有专职或兼职的食品安全管理人员和保证食品安全的规章制度；\n"
            "4. 具有合理的设备布局和工艺流程。"
        ),
        procedure=(
            "1. 申请人提交申请材料（可在企业开办时一并申请）；\n"
            "2. 窗口受理；\n"
            "3. 需要现场核查的，组织现场核查；\n"
            "4. 作出许可决定，核发食品经营许可证。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国食品安全法》第三十五条；"
            "《食品经营许可和备案管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：网上开店卖自制食品需要许可吗？\n"
            "答：需要，网络食品经营者同样应取得相应的食品经营许可。"
        ),
        materials=[
            dict(
                name="食品经营许可申请书", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="经营场所平面图和设备布局图", copies=1, form="original", source="申请人自行绘制", required=True,
                deferrable=True,
            ),
            dict(
                name="食品安全管理制度", copies=1, form="original", source="申请人制定，可参考窗口提供的示范文本",
                required=True, deferrable=True,
            ),
            dict(
                name="食品安全管理人员居民身份证", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
        ],
    ),
    # ---- 公安
    dict(
        code="GAJ-001",
        aliases=("刻章", "公章"),
        department="GAJ",
        name="公章刻制备案",
        sub_name="新办企业首套印章",
        power_kind="other_power",
        category="market",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="新办企业领取营业执照后可免费刻制首套印章，由公章刻制企业刻制后向公安机关备案。",
        conditions=(
            "1. 已领取营业执照；\n"
            "2. 委托具备资质的公章刻制企业刻制。"
        ),
        procedure=(
            "1. 企业开办综合窗口推送信息，申请人自主选择刻章企业；\n"
            "2. 刻章企业采集印模信息并刻制；\n"
            "3. 刻章企业通过公安印章治安管理信息系统备案；\n"
            "4. 印章随营业执照一并交付，或邮寄送达。"
        ),
        fees="不收费",
        legal_basis=(
            "《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）；"
            "《印铸刻字业暂行管理规则》"
        ),
        intermediary=(
            "公章刻制（申请人自主选择具备资质的刻章企业；"
            "新办企业首套印章由政府购买服务免费刻制）"
        ),
        faq=(
            "问：首套免费印章包含哪几枚？\n"
            "答：通常包含企业公章、财务专用章、发票专用章和法定代表人名章，以本地政府购买服务"
            "清单为准。"
        ),
        materials=[
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="法定代表人居民身份证", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="经办人身份证及授权委托书", copies=1, form="original", source="非法定代表人办理时提供",
                required=False, deferrable=False,
            ),
        ],
    ),
    dict(
        code="GAJ-002",
        aliases=("迁户口", "户口"),
        department="GAJ",
        name="户口迁移",
        sub_name="市内户口迁移",
        power_kind="confirmation",
        category="household",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town"),
        basic_info=(
            "本市居民因投靠亲属、购房、就业等原因在市内迁移户口的，可在迁入地户籍窗口一站式办理，"
            "无需回迁出地开具迁移证。"
        ),
        conditions=(
            "1. 符合本市户籍准入条件（合法稳定住所、投靠直系亲属等）；\n"
            "2. 迁入地址已立户或取得合法产权住所。"
        ),
        procedure=(
            "1. 申请人向迁入地户籍窗口提交申请；\n"
            "2. 窗口核查迁入条件；\n"
            "3. 通过公安系统内部办理迁出手续；\n"
            "4. 办理迁入登记并签发户口簿或变更户口簿页面。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国户口登记条例》第十条；"
            "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）"
        ),
        intermediary="无",
        faq=(
            "问：迁户口后身份证需要换吗？\n"
            "答：公民身份号码不变；住址变化的可申请换领，原证在有效期内仍可使用。"
        ),
        materials=[
            dict(
                name="迁移人居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(name="迁入地户口簿", copies=1, form="original", source="户主自备", required=True, deferrable=False),
            dict(
                name="房屋产权证明或亲属关系证明", copies=1, form="copy",
                source="不动产权证书由登记机构核发；亲属关系可由派出所内部核查", required=True, deferrable=False,
            ),
            dict(
                name="户主同意入户声明", copies=1, form="original", source="投靠入户时由户主签署", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="GAJ-003",
        aliases=("上户口", "报户口"),
        department="GAJ",
        name="出生登记",
        sub_name="",
        power_kind="confirmation",
        category="household",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town"),
        basic_info=(
            "婴儿出生后一个月内，由户主、亲属、抚养人向婴儿常住地户口登记机关申报出生登记。"
            "可通过“新生儿出生一件事”同步办理医保参保和社保卡申领。"
        ),
        conditions=(
            "1. 持有《出生医学证明》；\n"
            "2. 随父或随母落户，落户地为父亲或母亲户籍所在地。"
        ),
        procedure=(
            "1. 监护人提交申请；\n"
            "2. 户籍窗口核对出生医学证明；\n"
            "3. 录入户籍信息，编制公民身份号码；\n"
            "4. 在户口簿上打印新生儿户口页。"
        ),
        fees="不收费",
        legal_basis="《中华人民共和国户口登记条例》第七条",
        intermediary="无",
        faq=(
            "问：超过一个月还能办吗？\n"
            "答：能，超过申报期限的按规定补办，不影响落户。"
        ),
        materials=[
            dict(
                name="出生医学证明", copies=1, form="original", source="由助产医疗机构签发", required=True,
                deferrable=False,
            ),
            dict(
                name="父母居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(name="落户地户口簿", copies=1, form="original", source="户主自备", required=True, deferrable=False),
            dict(
                name="结婚证", copies=1, form="original", source="父母已婚的提供，由婚姻登记机关核发", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="GAJ-004",
        aliases=("身份证", "换身份证"),
        department="GAJ",
        name="居民身份证换领",
        sub_name="有效期满换领",
        power_kind="public_service",
        category="household",
        time_limit_days=20,
        forms=("assisted", "home_visit"),
        levels=("city", "county", "town"),
        basic_info=(
            "居民身份证有效期满或登记项目变更的，应申请换领新证；"
            "换领须本人到场采集人像和指纹，行动不便的可预约上门受理。"
        ),
        conditions=(
            "1. 原身份证有效期届满前三个月内，或登记事项变更；\n"
            "2. 已在本市登记常住户口，或符合异地受理条件。"
        ),
        procedure=(
            "1. 申请人本人到户籍窗口（可预约）；\n"
            "2. 现场采集人像、指纹；\n"
            "3. 缴纳工本费；\n"
            "4. 制证完成后领取新证或选择邮寄。"
        ),
        fees="居民身份证工本费20元",
        legal_basis="《中华人民共和国居民身份证法》第十一条",
        intermediary="无",
        faq=(
            "问：家里老人卧床不起怎么换证？\n"
            "答：可向户籍窗口预约，由民警和帮办代办员上门采集信息，新证办好后送证上门。"
        ),
        materials=[
            dict(name="原居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="户口簿", copies=1, form="original", source="本市户籍申请人自备", required=True, deferrable=True,
            ),
            dict(
                name="数码照片回执", copies=1, form="original", source="在具备资质的照相馆拍摄取得，或窗口现场采集",
                required=False, deferrable=False,
            ),
        ],
    ),
    # ---- 税务
    dict(
        code="SWJ-001",
        aliases=("领发票", "发票"),
        department="SWJ",
        name="发票领用",
        sub_name="新办纳税人首次申领发票",
        power_kind="other_power",
        category="tax",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "新办纳税人完成税务信息确认后，可首次申领发票（开通数电发票开具额度或领用纸质发票）。"
            "通过“企业开办一件事”可与营业执照同步办理。"
        ),
        conditions=(
            "1. 已办理营业执照并完成税务信息确认；\n"
            "2. 办税人员已完成实名信息采集。"
        ),
        procedure=(
            "1. 市场监管部门推送登记信息，纳税人在电子税务局确认信息；\n"
            "2. 申请开通数电发票或领用纸质发票，核定票种和额度；\n"
            "3. 税务窗口审核；\n"
            "4. 当日开通或发放发票。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国税收征收管理法》第二十一条；"
            "《中华人民共和国发票管理办法》第十五条"
        ),
        intermediary="无",
        faq=(
            "问：新办企业的数电发票开具额度是多少？\n"
            "答：按纳税人信用和风险情况赋予初始额度，之后根据经营情况动态调整。"
        ),
        materials=[
            dict(
                name="经办人居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="“企业开办一件事”办理时由市场监管部门推送",
                required=True, deferrable=True,
            ),
            dict(
                name="《发票领用申请表》", copies=1, form="original", source="在电子税务局填写或窗口领取",
                required=True, deferrable=False,
            ),
            dict(
                name="税务事项授权委托书", copies=1, form="original", source="委托办税人员办理时提供", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="SWJ-002",
        aliases=("代开发票", "发票"),
        department="SWJ",
        name="代开增值税发票",
        sub_name="自然人代开增值税普通发票",
        power_kind="public_service",
        category="tax",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "自然人发生应税行为（如出租房屋、提供零星劳务）需要开具发票的，可向税务机关申请代"
            "开增值税普通发票。"
        ),
        conditions=(
            "1. 申请人为自然人；\n"
            "2. 有真实的应税交易行为；\n"
            "3. 按规定缴纳相关税款。"
        ),
        procedure=(
            "1. 申请人填写代开发票申请单；\n"
            "2. 窗口审核合同等交易资料；\n"
            "3. 申请人缴纳税款；\n"
            "4. 开具发票。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国发票管理办法》第十六条；"
            "《中华人民共和国增值税暂行条例》"
        ),
        intermediary="无",
        faq=(
            "问：出租房屋代开发票需要交哪些税？\n"
            "答：一般涉及增值税及附加、房产税、个人所得税等，符合小规模纳税人减免政策的可享受优惠。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="《代开增值税发票缴纳税款申报单》", copies=1, form="original",
                source="窗口领取或在电子税务局填写", required=True, deferrable=False,
            ),
            dict(name="交易合同或协议", copies=1, form="copy", source="交易双方签订", required=True, deferrable=True),
            dict(
                name="授权委托书", copies=1, form="original", source="委托他人代办时提供，窗口提供模板，须委托人签字",
                required=False, deferrable=False,
            ),
        ],
    ),
    # ---- 银行
    dict(
        code="BANK-001",
        aliases=("银行开户", "对公账户"),
        department="BANK",
        name="单位银行结算账户开立",
        sub_name="基本存款账户",
        power_kind="public_service",
        category="market",
        time_limit_days=1,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "企业可在政务服务中心合作银行服务点预约开立基本存款账户，用于日常转账结算和现金收付；"
            "企业开办时开户信息同步推送税务、社保、公积金等部门。"
        ),
        conditions=(
            "1. 已取得营业执照；\n"
            "2. 法定代表人或单位负责人可配合核实开户意愿（现场或视频）；\n"
            "3. 每个单位只能开立一个基本存款账户。"
        ),
        procedure=(
            "1. 企业开办综合窗口推送开户预约信息；\n"
            "2. 合作银行预审开户资料；\n"
            "3. 银行核实开户意愿并开立账户；\n"
            "4. 账户信息推送至税务、社保、公积金等部门。"
        ),
        fees="开户不收费；账户管理费按合作银行公示标准执行，小微企业按规定减免",
        legal_basis=(
            "《人民币银行结算账户管理办法》；"
            "《中国人民银行关于取消企业银行账户许可的通知》（银发〔2019〕41号）"
        ),
        intermediary="无",
        faq=(
            "问：法定代表人不能到场可以开户吗？\n"
            "答：可由授权经办人办理，但银行需通过视频等方式核实法定代表人开户意愿。"
        ),
        materials=[
            dict(name="营业执照", copies=1, form="original", source="企业自备", required=True, deferrable=False),
            dict(
                name="法定代表人居民身份证", copies=1, form="original", source="法定代表人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="经办人身份证及授权书", copies=1, form="original", source="非法定代表人办理时提供",
                required=False, deferrable=False,
            ),
            dict(
                name="企业公章、财务专用章和法定代表人名章", copies=1, form="original",
                source="首套印章由公章刻制企业交付", required=True, deferrable=False,
            ),
        ],
    ),
    # ---- 卫健
    dict(
        code="WJW-001",
        aliases=("出生证", "出生证明"),
        department="WJW",
        name="出生医学证明签发",
        sub_name="首次签发",
        power_kind="public_service",
        category="health",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "在医疗机构内出生的新生儿由助产机构首次签发《出生医学证明》；"
            "院外出生等情形由卫生健康部门指定的签发机构核实后签发。"
        ),
        conditions=(
            "1. 新生儿在本市出生；\n"
            "2. 父母或监护人提供有效身份证件；\n"
            "3. 新生儿姓名已确定。"
        ),
        procedure=(
            "1. 监护人向助产机构或签发机构提出申请；\n"
            "2. 核对新生儿出生信息和父母身份信息；\n"
            "3. 签发《出生医学证明》；\n"
            "4. 信息同步推送公安、医保、人社等部门（“新生儿出生一件事”）。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国母婴保健法》第二十三条；"
            "《中华人民共和国母婴保健法实施办法》"
        ),
        intermediary="无",
        faq=(
            "问：出生医学证明信息填错了怎么办？\n"
            "答：可向原签发机构申请变更，需提供相关证明材料。"
        ),
        materials=[
            dict(
                name="父母居民身份证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="新生儿分娩记录", copies=1, form="copy", source="由助产医疗机构提供", required=True,
                deferrable=False,
            ),
            dict(name="结婚证", copies=1, form="copy", source="父母已婚的提供", required=False, deferrable=False),
            dict(
                name="《出生医学证明》首次签发登记表", copies=1, form="original",
                source="由签发机构提供，监护人现场填写", required=True, deferrable=False,
            ),
        ],
    ),
    dict(
        code="WJW-002",
        min_age=60,
        department="WJW",
        name="农村部分计划生育家庭奖励扶助",
        sub_name="资格确认",
        power_kind="benefit",
        category="health",
        time_limit_days=20,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town", "village"),
        basic_info=(
            "符合条件的农村独生子女父母或只有两个女孩的父母，年满60周岁后可申请计划生育家庭"
            "奖励扶助金，"
            "按年发放。"
        ),
        conditions=(
            "1. 本人及配偶为农业户口或界定为农村居民；\n"
            "2. 1973年至2001年间没有违反计划生育法律法规和政策规定生育；\n"
            "3. 现存一个子女或两个女孩，或子女死亡现无子女；\n"
            "4. 年满60周岁。"
        ),
        procedure=(
            "1. 本人向村（居）委会提出申请；\n"
            "2. 村（居）委会初审并张榜公示；\n"
            "3. 乡镇审核；\n"
            "4. 县级卫生健康部门确认并发放。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国人口与计划生育法》；"
            "《国务院办公厅转发人口计生委 财政部关于开展对农村部分计划生育家庭实行奖励扶助制"
            "度试点工作意见的通知》（国办发〔2004〕21号）"
        ),
        intermediary="无",
        faq=(
            "问：奖励扶助金怎么发放？\n"
            "答：通过惠民惠农财政补贴资金“一卡通”按年直接发放到本人账户。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="居民户口簿", copies=1, form="original", source="申请人自备；遗失的可到户籍所在地派出所补办",
                required=True, deferrable=False,
            ),
            dict(
                name="结婚证或婚姻状况证明", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=True,
            ),
            dict(
                name="奖励扶助对象申报表", copies=1, form="original", source="由村（居）委会提供", required=True,
                deferrable=False,
            ),
            dict(
                name="独生子女父母光荣证", copies=1, form="copy", source="领取过的提供", required=False,
                deferrable=False,
            ),
        ],
    ),
    # ---- 残联
    dict(
        code="CL-001",
        aliases=("残疾证",),
        department="CL",
        name="残疾人证核发",
        sub_name="新办",
        power_kind="confirmation",
        category="disability",
        time_limit_days=20,
        forms=("assisted", "proxy", "home_visit"),
        levels=("city", "county", "town"),
        basic_info=(
            "符合残疾标准的人员可申请办理第二代残疾人证（智能化），作为享受残疾人优惠政策和各"
            "项补贴的依据。"
        ),
        conditions=(
            "1. 具有本市户籍；\n"
            "2. 经残疾评定机构评定，符合残疾分类分级标准。"
        ),
        procedure=(
            "1. 申请人或监护人提交申请（也可在政务服务网申请）；\n"
            "2. 到指定评残机构进行残疾评定（行动不便的可申请上门评残）；\n"
            "3. 县级残联审核；\n"
            "4. 制作并发放残疾人证。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国残疾人保障法》；"
            "《中华人民共和国残疾人证管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：重度残疾卧床人员怎么评残？\n"
            "答：可申请上门评残，由残联协调评残医生和帮办代办员一同上门。"
        ),
        materials=[
            dict(
                name="居民身份证或户口簿", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="近期二寸免冠彩色照片", copies=3, form="original", source="申请人自备，或在窗口现场拍摄",
                required=True, deferrable=True,
            ),
            dict(
                name="《残疾人证申请表》", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="相关病历资料", copies=1, form="copy", source="由就诊医疗机构提供", required=False,
                deferrable=True,
            ),
        ],
    ),
    dict(
        code="CL-002",
        department="CL",
        name="残疾人辅助器具适配补贴",
        sub_name="",
        power_kind="benefit",
        category="disability",
        time_limit_days=15,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town"),
        basic_info="有辅助器具适配需求的持证残疾人，经评估后可申请轮椅、助听器、假肢等辅助器具适配补贴。",
        conditions=(
            "1. 持有本市第二代残疾人证；\n"
            "2. 经评估确有辅助器具适配需求。"
        ),
        procedure=(
            "1. 申请人提出申请；\n"
            "2. 残联组织需求评估；\n"
            "3. 到定点适配机构适配；\n"
            "4. 按标准结算补贴。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国残疾人保障法》；"
            "《残疾预防和残疾人康复条例》"
        ),
        intermediary="无",
        faq=(
            "问：可以自己买轮椅再申请补贴吗？\n"
            "答：须先评估再到定点机构适配，未经评估自行购买的一般不予补贴。"
        ),
        materials=[
            dict(
                name="第二代残疾人证", copies=1, form="original", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="辅助器具适配申请表", copies=1, form="original", source="窗口领取", required=True,
                deferrable=False,
            ),
            dict(
                name="社会保障卡或银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=True,
            ),
        ],
    ),
    # ---- 退役军人
    dict(
        code="TYJ-001",
        aliases=("优待证", "退役军人证"),
        department="TYJ",
        name="退役军人优待证申领",
        sub_name="",
        power_kind="public_service",
        category="veterans",
        time_limit_days=20,
        forms=("assisted", "proxy"),
        levels=("city", "county", "town", "village"),
        basic_info=(
            "退役军人和其他优抚对象可申领《中华人民共和国退役军人优待证》，凭证享受交通出行、"
            "文化旅游、金融服务等优待。"
        ),
        conditions=(
            "1. 户籍在本市的退役军人或其他优抚对象；\n"
            "2. 已完成退役军人信息采集。"
        ),
        procedure=(
            "1. 申请人向村（社区）退役军人服务站或县退役军人服务中心提出申请；\n"
            "2. 信息采集和审核；\n"
            "3. 逐级上报制证；\n"
            "4. 优待证制成后由服务站发放。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国退役军人保障法》；"
            "《退役军人、其他优抚对象优待证管理办法（试行）》"
        ),
        intermediary="无",
        faq=(
            "问：优待证需要本人领取吗？\n"
            "答：原则上本人领取；本人行动不便的可由家属代领，或由服务站上门送证。"
        ),
        materials=[
            dict(name="居民身份证", copies=1, form="original", source="申请人自备", required=True, deferrable=False),
            dict(
                name="退役证件（退伍证、退役证等）", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="近期彩色免冠照片", copies=1, form="original", source="申请人自备，或现场拍摄", required=True,
                deferrable=True,
            ),
            dict(
                name="社会保障卡或银行卡", copies=1, form="copy", source="申请人自备", required=False,
                deferrable=False,
            ),
        ],
    ),
    dict(
        code="TYJ-002",
        min_age=60,
        department="TYJ",
        name="部分农村籍退役士兵老年生活补助申领",
        sub_name="",
        power_kind="benefit",
        category="veterans",
        time_limit_days=20,
        forms=("assisted", "proxy", "home_visit"),
        levels=("county", "town"),
        basic_info=(
            "1954年11月1日试行义务兵役制后至《退役士兵安置条例》实施前入伍、"
            "年满60周岁、未享受国家定期抚恤补助的农村籍退役士兵，可申领老年生活补助。"
        ),
        conditions=(
            "1. 农村籍退役士兵；\n"
            "2. 年满60周岁；\n"
            "3. 未享受国家定期抚恤补助。"
        ),
        procedure=(
            "1. 本人向户籍所在地乡镇退役军人服务站申请；\n"
            "2. 乡镇审核并公示；\n"
            "3. 县退役军人事务局审批；\n"
            "4. 按月发放补助金。"
        ),
        fees="不收费",
        legal_basis=(
            "《民政部 财政部关于给部分农村籍退役士兵发放老年生活补助的通知》（民发〔2011"
            "〕110号）"
        ),
        intermediary="无",
        faq=(
            "问：档案丢失无法证明服役经历怎么办？\n"
            "答：可由县退役军人事务局协调人民武装部、档案馆等查档，帮办代办员协助收集佐证材料。"
        ),
        materials=[
            dict(
                name="居民身份证及户口簿", copies=1, form="copy", source="申请人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="退伍证或入伍、退伍登记表", copies=1, form="copy",
                source="申请人自备，或由县人民武装部、档案馆查档出具", required=True, deferrable=True,
            ),
            dict(
                name="老年生活补助申请表", copies=1, form="original", source="窗口领取，可由帮办代办员协助填写",
                required=True, deferrable=False,
            ),
            dict(name="本人银行卡", copies=1, form="copy", source="申请人自备", required=True, deferrable=True),
        ],
    ),
    # ---- 交通运输
    dict(
        code="JTJ-001",
        department="JTJ",
        name="道路货物运输经营许可",
        sub_name="普通货运",
        power_kind="licensing",
        category="transport",
        time_limit_days=10,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="使用总质量4500千克以上普通货运车辆从事道路货物运输经营的，应取得道路运输经营许可证。",
        conditions=(
            "1. 有与其经营业务相适应并经检测合格的车辆；\n"
            "2. 有符合规定条件的驾驶人员（取得从业资格证）；\n"
            "3. 有健全的安全生产管理制度。"
        ),
        procedure=(
            "1. 申请人提交申请材料；\n"
            "2. 综合窗口受理；\n"
            "3. 交通运输部门审查；\n"
            "4. 作出许可决定并核发《道路运输经营许可证》。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国道路运输条例》第二十一条、第二十四条；"
            "《道路货物运输及站场管理规定》"
        ),
        intermediary="无",
        faq=(
            "问：总质量4500千克及以下的货车需要办许可吗？\n"
            "答：不需要，使用总质量4500千克及以下普通货运车辆从事普通货运经营的无需申请道"
            "路运输经营许可。"
        ),
        materials=[
            dict(
                name="道路货物运输经营申请表", copies=1, form="original", source="窗口领取或在政务服务网下载",
                required=True, deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(name="负责人居民身份证", copies=1, form="copy", source="申请人自备", required=True, deferrable=False),
            dict(
                name="车辆行驶证", copies=1, form="copy", source="由公安交管部门核发", required=True,
                deferrable=False,
            ),
            dict(
                name="驾驶人员从业资格证", copies=1, form="copy", source="由交通运输部门核发", required=True,
                deferrable=True,
            ),
            dict(
                name="安全生产管理制度文本", copies=1, form="original", source="申请人自行制定", required=True,
                deferrable=True,
            ),
        ],
    ),
    # ---- 生态环境
    dict(
        code="HBJ-001",
        department="HBJ",
        name="建设项目环境影响评价文件审批",
        sub_name="环境影响报告表审批",
        power_kind="licensing",
        category="environment",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "对环境可能造成轻度影响的建设项目，建设单位应编制环境影响报告表报生态环境部门审批，"
            "审批通过后方可开工建设。"
        ),
        conditions=(
            "1. 项目符合生态环境分区管控要求和产业政策；\n"
            "2. 环境影响报告表编制规范、结论可信；\n"
            "3. 已按规定进行信息公开。"
        ),
        procedure=(
            "1. 建设单位提交报告表（工程建设项目综合窗口受理）；\n"
            "2. 受理公示；\n"
            "3. 组织技术评估；\n"
            "4. 拟审批公示；\n"
            "5. 作出审批决定。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国环境影响评价法》第二十二条；"
            "《建设项目环境保护管理条例》"
        ),
        intermediary="环境影响报告表编制（由建设单位委托具备相应能力的技术单位编制）",
        faq=(
            "问：环评审批能否与规划许可同时办理？\n"
            "答：可以并联推进，但项目开工建设前必须取得环评批复。"
        ),
        materials=[
            dict(
                name="建设项目环境影响报告表审批申请书", copies=1, form="original", source="窗口领取", required=True,
                deferrable=False,
            ),
            dict(
                name="环境影响报告表（全本及公示本）", copies=1, form="original",
                source="由建设单位委托的技术单位编制", required=True, deferrable=False,
            ),
            dict(
                name="项目备案文件", copies=1, form="copy", source="由发展改革部门出具", required=True,
                deferrable=True,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
        ],
    ),
    # ---- 发改
    dict(
        code="FGW-001",
        department="FGW",
        name="企业投资项目备案",
        sub_name="",
        power_kind="other_power",
        category="construction",
        time_limit_days=2,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "不属于政府核准目录的企业投资项目实行备案管理，通过投资项目在线审批监管平台告知项"
            "目信息后取得项目代码。"
        ),
        conditions=(
            "1. 项目不属于《政府核准的投资项目目录》范围；\n"
            "2. 符合国家产业政策，不属于禁止投资的项目。"
        ),
        procedure=(
            "1. 企业在投资项目在线审批监管平台申请赋码；\n"
            "2. 填报项目基本信息；\n"
            "3. 备案机关收到全部信息即为备案；\n"
            "4. 生成项目代码，作为后续审批的唯一代码。"
        ),
        fees="不收费",
        legal_basis=(
            "《企业投资项目核准和备案管理条例》第十三条、第十四条；"
            "《企业投资项目核准和备案管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：备案后项目信息变了怎么办？\n"
            "答：项目法人、建设地点、建设规模、建设内容发生较大变化的，应通过在线平台及时告知"
            "备案机关。"
        ),
        materials=[
            dict(
                name="项目备案信息表", copies=1, form="original", source="在投资项目在线审批监管平台填写",
                required=True, deferrable=False,
            ),
            dict(
                name="营业执照", copies=1, form="copy", source="申请人自备；已在本市登记的可通过数据共享免提交",
                required=True, deferrable=False,
            ),
            dict(
                name="项目情况说明", copies=1, form="original", source="企业自行编写，含建设地点、规模、内容和总投资",
                required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="FGW-002",
        department="FGW",
        name="固定资产投资项目节能审查",
        sub_name="",
        power_kind="other_power",
        category="construction",
        time_limit_days=15,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="年综合能源消费量达到规定标准的固定资产投资项目，开工建设前应取得节能审查意见。",
        conditions=(
            "1. 项目年综合能源消费量达到节能审查标准；\n"
            "2. 节能报告内容完整，符合节能标准规范。"
        ),
        procedure=(
            "1. 建设单位提交节能报告；\n"
            "2. 工程建设项目综合窗口受理；\n"
            "3. 组织专家评审；\n"
            "4. 出具节能审查意见。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国节约能源法》第十五条；"
            "《固定资产投资项目节能审查办法》"
        ),
        intermediary="节能报告编制（由建设单位自主委托具备相应能力的咨询机构编制）",
        faq=(
            "问：哪些项目可以不单独进行节能审查？\n"
            "答：年综合能源消费量不满1000吨标准煤且年电力消费量不满500万千瓦时的项目，"
            "一般不单独进行节能审查，以本省规定为准。"
        ),
        materials=[
            dict(
                name="节能审查申请文件", copies=1, form="original", source="建设单位出具", required=True,
                deferrable=False,
            ),
            dict(
                name="节能报告", copies=1, form="original", source="由建设单位委托的咨询机构编制", required=True,
                deferrable=False,
            ),
            dict(
                name="项目备案文件", copies=1, form="copy", source="由发展改革部门出具", required=True,
                deferrable=True,
            ),
        ],
    ),
    # ---- 住建
    dict(
        code="ZJJ-001",
        department="ZJJ",
        name="施工图设计文件审查备案",
        sub_name="",
        power_kind="other_power",
        category="construction",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "房屋建筑和市政基础设施工程施工图设计文件须经审查合格方可使用；"
            "实行数字化联合审图，审查合格后向住建部门备案。"
        ),
        conditions=(
            "1. 已取得建设工程规划许可证；\n"
            "2. 施工图设计文件由具备相应资质的设计单位编制。"
        ),
        procedure=(
            "1. 建设单位通过施工图数字化审查系统上传图纸；\n"
            "2. 审图机构开展技术审查；\n"
            "3. 设计单位按审查意见修改；\n"
            "4. 审查合格后出具审查合格书并办理备案。"
        ),
        fees="不收费",
        legal_basis=(
            "《建设工程质量管理条例》第十一条；"
            "《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》"
        ),
        intermediary="施工图技术审查（由政府购买服务的施工图审查机构承担，建设单位不付费）",
        faq=(
            "问：小型低风险项目可以免于施工图审查吗？\n"
            "答：按本省规定，部分低风险小型项目可实行告知承诺或免于审查，以住建部门公布的范围为准。"
        ),
        materials=[
            dict(
                name="施工图设计文件（电子版）", copies=1, form="original", source="由设计单位编制并加盖出图章",
                required=True, deferrable=False,
            ),
            dict(
                name="建设工程规划许可证", copies=1, form="copy", source="由自然资源部门核发", required=True,
                deferrable=False,
            ),
            dict(
                name="岩土工程勘察报告", copies=1, form="original", source="由勘察单位编制", required=True,
                deferrable=False,
            ),
            dict(
                name="设计合同", copies=1, form="copy", source="建设单位与设计单位签订", required=True,
                deferrable=True,
            ),
        ],
    ),
    dict(
        code="ZJJ-002",
        department="ZJJ",
        name="建设工程质量安全监督登记",
        sub_name="",
        power_kind="other_power",
        category="construction",
        time_limit_days=3,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info="建设单位在领取施工许可证前，应到住建部门办理工程质量安全监督手续，可与施工许可合并办理。",
        conditions=(
            "1. 施工图设计文件审查合格；\n"
            "2. 已确定施工单位和监理单位。"
        ),
        procedure=(
            "1. 建设单位提交监督登记申请；\n"
            "2. 窗口审核五方责任主体信息；\n"
            "3. 登记并制定监督计划；\n"
            "4. 告知首次监督交底时间。"
        ),
        fees="不收费",
        legal_basis=(
            "《建设工程质量管理条例》第十三条；"
            "《建设工程安全生产管理条例》第十条"
        ),
        intermediary="无",
        faq=(
            "问：质量安全监督登记能和施工许可一起办吗？\n"
            "答：可以，合并办理时只需提交一套材料。"
        ),
        materials=[
            dict(
                name="工程质量安全监督登记表", copies=1, form="original",
                source="窗口领取或在工程建设项目审批管理系统填写", required=True, deferrable=False,
            ),
            dict(
                name="施工图审查合格书", copies=1, form="copy", source="由审图机构出具", required=True,
                deferrable=False,
            ),
            dict(
                name="施工合同和监理合同", copies=1, form="copy", source="建设单位与施工、监理单位签订",
                required=True, deferrable=False,
            ),
            dict(
                name="项目负责人授权书及质量终身责任承诺书", copies=1, form="original",
                source="由五方责任主体分别出具", required=True, deferrable=True,
            ),
            dict(
                name="危险性较大的分部分项工程清单及安全管理措施", copies=1, form="original", source="由施工单位编制",
                required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="ZJJ-003",
        department="ZJJ",
        name="建筑工程施工许可证核发",
        sub_name="",
        power_kind="licensing",
        category="construction",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "房屋建筑及其附属设施的建造、装修装饰和配套线路管道设备安装工程，除限额以下的小型工程外，"
            "开工前应申领施工许可证。"
        ),
        conditions=(
            "1. 已办理用地批准手续；\n"
            "2. 已取得建设工程规划许可证；\n"
            "3. 已确定施工企业；\n"
            "4. 施工图设计文件已审查合格；\n"
            "5. 有保证工程质量和安全的具体措施；\n"
            "6. 建设资金已落实。"
        ),
        procedure=(
            "1. 建设单位在线填报或到工程建设项目综合窗口提交申请；\n"
            "2. 住建部门审查；\n"
            "3. 核发电子施工许可证。"
        ),
        fees="不收费",
        legal_basis=(
            "《中华人民共和国建筑法》第七条、第八条；"
            "《建筑工程施工许可管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：领证后多久必须开工？\n"
            "答：应自领取施工许可证之日起三个月内开工；"
            "不能按期开工的应申请延期，延期以两次为限，每次不超过三个月。"
        ),
        materials=[
            dict(
                name="建筑工程施工许可申请表", copies=1, form="original",
                source="窗口领取或在工程建设项目审批管理系统填写", required=True, deferrable=False,
            ),
            dict(
                name="用地批准手续（不动产权证书等）", copies=1, form="copy", source="权利人自备", required=True,
                deferrable=False,
            ),
            dict(
                name="建设工程规划许可证", copies=1, form="copy", source="由自然资源部门核发", required=True,
                deferrable=False,
            ),
            dict(
                name="施工合同", copies=1, form="copy", source="建设单位与施工企业签订", required=True,
                deferrable=False,
            ),
            dict(
                name="建设资金落实承诺书", copies=1, form="original", source="建设单位出具", required=True,
                deferrable=False,
            ),
            dict(
                name="质量安全监督登记证明", copies=1, form="copy", source="由住建部门出具，可合并办理",
                required=True, deferrable=True,
            ),
        ],
    ),
    dict(
        code="ZJJ-004",
        department="ZJJ",
        name="房屋建筑和市政基础设施工程竣工验收备案",
        sub_name="",
        power_kind="other_power",
        category="construction",
        time_limit_days=5,
        forms=("assisted", "proxy"),
        levels=("city", "county"),
        basic_info=(
            "工程竣工验收合格后，建设单位应在15日内向住建部门办理竣工验收备案；"
            "工程建设项目实行规划、消防、人防等联合验收。"
        ),
        conditions=(
            "1. 工程已完成设计和合同约定的各项内容；\n"
            "2. 已组织竣工验收并合格；\n"
            "3. 规划、消防等专项验收已通过或纳入联合验收。"
        ),
        procedure=(
            "1. 建设单位组织五方责任主体竣工验收；\n"
            "2. 提交竣工验收备案材料（联合验收一窗受理）；\n"
            "3. 住建部门核查；\n"
            "4. 出具竣工验收备案证明。"
        ),
        fees="不收费",
        legal_basis=(
            "《建设工程质量管理条例》第四十九条；"
            "《房屋建筑和市政基础设施工程竣工验收备案管理办法》"
        ),
        intermediary="无",
        faq=(
            "问：竣工验收备案后可以办理不动产首次登记吗？\n"
            "答：可以，凭备案证明申请不动产首次登记，帮办代办员可协助衔接。"
        ),
        materials=[
            dict(
                name="竣工验收备案表", copies=1, form="original", source="窗口领取或在工程建设项目审批管理系统填写",
                required=True, deferrable=False,
            ),
            dict(
                name="工程竣工验收报告", copies=1, form="original", source="由建设单位组织编制", required=True,
                deferrable=False,
            ),
            dict(
                name="规划核实合格证明", copies=1, form="copy", source="由自然资源部门出具", required=True,
                deferrable=False,
            ),
            dict(
                name="消防验收意见或备案凭证", copies=1, form="copy", source="由住建部门出具", required=True,
                deferrable=False,
            ),
            dict(
                name="工程质量保修书", copies=1, form="copy", source="由施工单位出具", required=True, deferrable=True,
            ),
        ],
    ),
]

# ----------------------------------------------------------------------------
# 一件事一次办 bundles (items in order; stage names only for investment bundles)

BUNDLES = [
    dict(
        code="ONE-QYKB",
        name="企业开办一件事",
        kind="one_thing",
        lead_department="SCJ",
        description=(
            "新办企业一表填报、一窗受理：营业执照、首套印章、发票申领、银行开户、"
            "社保登记一次办结，全程免费，一般1个工作日内完成。"
        ),
        items=[
            ("SCJ-001", None),  # 企业设立登记·有限责任公司设立登记
            ("GAJ-001", None),  # 公章刻制备案·新办企业首套印章
            ("SWJ-001", None),  # 发票领用·新办纳税人首次申领发票
            ("BANK-001", None),  # 单位银行结算账户开立·基本存款账户
            ("RSJ-006", None),  # 单位参保登记·用人单位社会保险登记
        ],
    ),
    dict(
        code="INV-GYXM",
        name="工业投资项目审批一件事",
        kind="investment",
        lead_department="FGW",
        description=(
            "社会投资工业项目从立项到竣工验收全流程帮办代办：发改部门牵头，工程建设项目综合窗"
            "口统一收件，"
            "专班跟踪各阶段审批。"
        ),
        items=[
            ("FGW-001", "立项"),  # 企业投资项目备案
            ("ZRJ-006", "选址"),  # 建设项目用地预审与选址意见书核发
            ("FGW-002", "能评"),  # 固定资产投资项目节能审查
            ("HBJ-001", "环评"),  # 建设项目环境影响评价文件审批·环境影响报告表审批
            ("ZRJ-007", "用地"),  # 建设用地规划许可证核发
            ("ZRJ-008", "规划"),  # 建设工程规划许可证核发
            ("ZRJ-009", "方案审查"),  # 建设工程设计方案审查
            ("ZJJ-001", "施工图"),  # 施工图设计文件审查备案
            ("ZJJ-002", "质量安全监督"),  # 建设工程质量安全监督登记
            ("ZJJ-003", "施工许可"),  # 建筑工程施工许可证核发
            ("ZJJ-004", "竣工验收"),  # 房屋建筑和市政基础设施工程竣工验收备案
        ],
    ),
    dict(
        code="ONE-TX",
        name="退休一件事",
        kind="one_thing",
        lead_department="RSJ",
        description=(
            "职工退休时一次申请：养老保险待遇核定、医保退休待遇核定、住房公积金退休提取联动办理，"
            "退休信息部门间共享免重复提交。"
        ),
        items=[
            ("RSJ-007", None),  # 企业职工基本养老保险待遇申领·正常退休
            ("YBJ-005", None),  # 职工基本医疗保险退休待遇核定·缴费年限核定
            ("GJJ-004", None),  # 住房公积金提取·离休、退休提取
        ],
    ),
    dict(
        code="ONE-XSE",
        name="新生儿出生一件事",
        kind="one_thing",
        lead_department="WJW",
        description=(
            "新生儿出生后一次办理：出生医学证明、户口登记、城乡居民医保参保、社会保障卡申领，"
            "材料一次提交、结果可邮寄到家。"
        ),
        items=[
            ("WJW-001", None),  # 出生医学证明签发·首次签发
            ("GAJ-003", None),  # 出生登记
            ("YBJ-001", None),  # 城乡居民基本医疗保险参保登记
            ("RSJ-005", None),  # 社会保障卡申领·首次申领
        ],
    ),
]

# ----------------------------------------------------------------------------
# Staff (帮办代办员 and kiosk helpers). Fictional names and phones.

PEOPLE = [
    # ---- QL 青岚市政务服务中心
    dict(username=None, name="侯雅琴", hall="QL", department=None, employment="full_time", phone="13900001001", role="agent"),
    dict(username=None, name="田锦程", hall="QL", department=None, employment="full_time", phone="13900001002", role="agent"),
    dict(username=None, name="丁素芬", hall="QL", department=None, employment="full_time", phone="13900001003", role="agent"),
    dict(username=None, name="程丽萍", hall="QL", department=None, employment="full_time", phone="13900001004", role="agent"),
    dict(username=None, name="曹丽娟", hall="QL", department=None, employment="part_time", phone="13900001005", role="agent"),
    dict(username=None, name="雷晨阳", hall="QL", department=None, employment="part_time", phone="13900001006", role="agent"),
    dict(username=None, name="黄心怡", hall="QL", department=None, employment="part_time", phone="13900001007", role="agent"),
    dict(username=None, name="吕海峰", hall="QL", department=None, employment="part_time", phone="13900001008", role="agent"),
    dict(username=None, name="邵佳怡", hall="QL", department="RSJ", employment="part_time", phone="13900001009", role="agent"),
    dict(username=None, name="宋晨阳", hall="QL", department="RSJ", employment="part_time", phone="13900001010", role="agent"),
    dict(username=None, name="叶建华", hall="QL", department="YBJ", employment="part_time", phone="13900001011", role="agent"),
    dict(username=None, name="彭海峰", hall="QL", department="YBJ", employment="part_time", phone="13900001012", role="agent"),
    dict(username=None, name="蔡佳琪", hall="QL", department="GJJ", employment="part_time", phone="13900001013", role="agent"),
    dict(username=None, name="姜红梅", hall="QL", department="GJJ", employment="part_time", phone="13900001014", role="agent"),
    dict(username=None, name="石一帆", hall="QL", department="ZRJ", employment="part_time", phone="13900001015", role="agent"),
    dict(username=None, name="崔正平", hall="QL", department="ZRJ", employment="part_time", phone="13900001016", role="agent"),
    dict(username=None, name="覃永刚", hall="QL", department="MZJ", employment="part_time", phone="13900001017", role="agent"),
    dict(username=None, name="尹少华", hall="QL", department="MZJ", employment="part_time", phone="13900001018", role="agent"),
    dict(username=None, name="任志远", hall="QL", department="NYJ", employment="part_time", phone="13900001019", role="agent"),
    dict(username=None, name="沈静怡", hall="QL", department="NYJ", employment="part_time", phone="13900001020", role="agent"),
    dict(username=None, name="冯锦程", hall="QL", department="SCJ", employment="part_time", phone="13900001021", role="agent"),
    dict(username=None, name="谭永刚", hall="QL", department="SCJ", employment="part_time", phone="13900001022", role="agent"),
    dict(username=None, name="郝芷若", hall="QL", department="SWJ", employment="part_time", phone="13900001023", role="agent"),
    dict(username=None, name="刘树林", hall="QL", department="SWJ", employment="part_time", phone="13900001024", role="agent"),
    dict(username=None, name="严帆", hall="QL", department="GAJ", employment="part_time", phone="13900001025", role="agent"),
    dict(username=None, name="姜利民", hall="QL", department="GAJ", employment="part_time", phone="13900001026", role="agent"),
    dict(username=None, name="马佳琪", hall="QL", department="WJW", employment="part_time", phone="13900001027", role="agent"),
    dict(username=None, name="程淑珍", hall="QL", department="WJW", employment="part_time", phone="13900001028", role="agent"),
    dict(username=None, name="胡金凤", hall="QL", department="CL", employment="part_time", phone="13900001029", role="agent"),
    dict(username=None, name="邵淑珍", hall="QL", department="CL", employment="part_time", phone="13900001030", role="agent"),
    dict(username=None, name="毛文华", hall="QL", department="TYJ", employment="part_time", phone="13900001031", role="agent"),
    dict(username=None, name="戴春花", hall="QL", department="TYJ", employment="part_time", phone="13900001032", role="agent"),
    dict(username=None, name="严红梅", hall="QL", department="ZJJ", employment="part_time", phone="13900001033", role="agent"),
    dict(username=None, name="白志强", hall="QL", department="FGW", employment="part_time", phone="13900001034", role="agent"),
    dict(username=None, name="彭正平", hall="QL", department="HBJ", employment="part_time", phone="13900001035", role="agent"),
    dict(username=None, name="丁一帆", hall="QL", department="JTJ", employment="part_time", phone="13900001036", role="agent"),
    dict(username=None, name="邹磊", hall="QL", department="BANK", employment="part_time", phone="13900001037", role="agent"),
    dict(username=None, name="严红霞", hall="QL", department=None, employment="full_time", phone="13900001038", role="helper"),
    dict(username=None, name="秦语桐", hall="QL", department=None, employment="volunteer", phone="13900001039", role="helper"),
    dict(username=None, name="周新民", hall="QL", department=None, employment="part_time", phone="13900001040", role="helper"),
    dict(username=None, name="田志强", hall="QL", department=None, employment="volunteer", phone="13900001041", role="helper"),
    # ---- QL-YX 云溪县政务服务中心
    dict(username="demo-agent", name="史倩", hall="QL-YX", department=None, employment="full_time", phone="13900002001", role="agent"),
    dict(username=None, name="田泽宇", hall="QL-YX", department=None, employment="full_time", phone="13900002002", role="agent"),
    dict(username=None, name="孙瑞祥", hall="QL-YX", department=None, employment="full_time", phone="13900002003", role="agent"),
    dict(username=None, name="杜爱华", hall="QL-YX", department=None, employment="full_time", phone="13900002004", role="agent"),
    dict(username=None, name="汪莉", hall="QL-YX", department=None, employment="part_time", phone="13900002005", role="agent"),
    dict(username=None, name="沈俊杰", hall="QL-YX", department=None, employment="part_time", phone="13900002006", role="agent"),
    dict(username=None, name="周秀云", hall="QL-YX", department=None, employment="part_time", phone="13900002007", role="agent"),
    dict(username=None, name="邓冬梅", hall="QL-YX", department=None, employment="part_time", phone="13900002008", role="agent"),
    dict(username=None, name="韦晓雯", hall="QL-YX", department="RSJ", employment="part_time", phone="13900002009", role="agent"),
    dict(username=None, name="宋翠兰", hall="QL-YX", department="RSJ", employment="part_time", phone="13900002010", role="agent"),
    dict(username=None, name="汤雪梅", hall="QL-YX", department="YBJ", employment="part_time", phone="13900002011", role="agent"),
    dict(username=None, name="覃勇", hall="QL-YX", department="YBJ", employment="part_time", phone="13900002012", role="agent"),
    dict(username=None, name="程桂英", hall="QL-YX", department="GJJ", employment="part_time", phone="13900002013", role="agent"),
    dict(username=None, name="钟欣怡", hall="QL-YX", department="GJJ", employment="part_time", phone="13900002014", role="agent"),
    dict(username=None, name="严秀云", hall="QL-YX", department="ZRJ", employment="part_time", phone="13900002015", role="agent"),
    dict(username=None, name="覃松柏", hall="QL-YX", department="ZRJ", employment="part_time", phone="13900002016", role="agent"),
    dict(username=None, name="梁慧敏", hall="QL-YX", department="MZJ", employment="part_time", phone="13900002017", role="agent"),
    dict(username=None, name="叶语桐", hall="QL-YX", department="MZJ", employment="part_time", phone="13900002018", role="agent"),
    dict(username=None, name="崔振宇", hall="QL-YX", department="NYJ", employment="part_time", phone="13900002019", role="agent"),
    dict(username=None, name="魏明辉", hall="QL-YX", department="NYJ", employment="part_time", phone="13900002020", role="agent"),
    dict(username=None, name="谭家明", hall="QL-YX", department="SCJ", employment="part_time", phone="13900002021", role="agent"),
    dict(username=None, name="崔芳", hall="QL-YX", department="SCJ", employment="part_time", phone="13900002022", role="agent"),
    dict(username=None, name="蔡光辉", hall="QL-YX", department="SWJ", employment="part_time", phone="13900002023", role="agent"),
    dict(username=None, name="钟春燕", hall="QL-YX", department="SWJ", employment="part_time", phone="13900002024", role="agent"),
    dict(username=None, name="孙丽娟", hall="QL-YX", department="GAJ", employment="part_time", phone="13900002025", role="agent"),
    dict(username=None, name="蔡丹", hall="QL-YX", department="GAJ", employment="part_time", phone="13900002026", role="agent"),
    dict(username=None, name="邓福生", hall="QL-YX", department="WJW", employment="part_time", phone="13900002027", role="agent"),
    dict(username=None, name="向娟", hall="QL-YX", department="WJW", employment="part_time", phone="13900002028", role="agent"),
    dict(username=None, name="邵松柏", hall="QL-YX", department="CL", employment="part_time", phone="13900002029", role="agent"),
    dict(username=None, name="谭霞", hall="QL-YX", department="CL", employment="part_time", phone="13900002030", role="agent"),
    dict(username=None, name="王诗琪", hall="QL-YX", department="TYJ", employment="part_time", phone="13900002031", role="agent"),
    dict(username=None, name="丁泽宇", hall="QL-YX", department="TYJ", employment="part_time", phone="13900002032", role="agent"),
    dict(username=None, name="杜秀珍", hall="QL-YX", department="ZJJ", employment="part_time", phone="13900002033", role="agent"),
    dict(username=None, name="戴博文", hall="QL-YX", department="FGW", employment="part_time", phone="13900002034", role="agent"),
    dict(username=None, name="邹倩", hall="QL-YX", department="HBJ", employment="part_time", phone="13900002035", role="agent"),
    dict(username=None, name="谭春梅", hall="QL-YX", department="JTJ", employment="part_time", phone="13900002036", role="agent"),
    dict(username=None, name="莫诗琪", hall="QL-YX", department="BANK", employment="part_time", phone="13900002037", role="agent"),
    dict(username="demo-helper", name="汪翠兰", hall="QL-YX", department=None, employment="full_time", phone="13900002038", role="helper"),
    dict(username=None, name="龙晓东", hall="QL-YX", department=None, employment="volunteer", phone="13900002039", role="helper"),
    dict(username=None, name="袁雪梅", hall="QL-YX", department=None, employment="volunteer", phone="13900002040", role="helper"),
    # ---- QL-SM 石门县政务服务中心
    dict(username=None, name="钟玉兰", hall="QL-SM", department=None, employment="full_time", phone="13900003001", role="agent"),
    dict(username=None, name="许建华", hall="QL-SM", department=None, employment="full_time", phone="13900003002", role="agent"),
    dict(username=None, name="莫勇", hall="QL-SM", department=None, employment="full_time", phone="13900003003", role="agent"),
    dict(username=None, name="宋学文", hall="QL-SM", department=None, employment="full_time", phone="13900003004", role="agent"),
    dict(username=None, name="沈德明", hall="QL-SM", department=None, employment="part_time", phone="13900003005", role="agent"),
    dict(username=None, name="陶兴旺", hall="QL-SM", department=None, employment="part_time", phone="13900003006", role="agent"),
    dict(username=None, name="史欣怡", hall="QL-SM", department=None, employment="part_time", phone="13900003007", role="agent"),
    dict(username=None, name="王德华", hall="QL-SM", department=None, employment="part_time", phone="13900003008", role="agent"),
    dict(username=None, name="朱春花", hall="QL-SM", department="RSJ", employment="part_time", phone="13900003009", role="agent"),
    dict(username=None, name="韦素芬", hall="QL-SM", department="RSJ", employment="part_time", phone="13900003010", role="agent"),
    dict(username=None, name="覃秀珍", hall="QL-SM", department="YBJ", employment="part_time", phone="13900003011", role="agent"),
    dict(username=None, name="冯可馨", hall="QL-SM", department="YBJ", employment="part_time", phone="13900003012", role="agent"),
    dict(username=None, name="卢爱华", hall="QL-SM", department="GJJ", employment="part_time", phone="13900003013", role="agent"),
    dict(username=None, name="邵冬梅", hall="QL-SM", department="GJJ", employment="part_time", phone="13900003014", role="agent"),
    dict(username=None, name="龙凤英", hall="QL-SM", department="ZRJ", employment="part_time", phone="13900003015", role="agent"),
    dict(username=None, name="李洁", hall="QL-SM", department="ZRJ", employment="part_time", phone="13900003016", role="agent"),
    dict(username=None, name="杜铭泽", hall="QL-SM", department="MZJ", employment="part_time", phone="13900003017", role="agent"),
    dict(username=None, name="吴光辉", hall="QL-SM", department="MZJ", employment="part_time", phone="13900003018", role="agent"),
    dict(username=None, name="贺铭泽", hall="QL-SM", department="NYJ", employment="part_time", phone="13900003019", role="agent"),
    dict(username=None, name="向超", hall="QL-SM", department="NYJ", employment="part_time", phone="13900003020", role="agent"),
    dict(username=None, name="田文华", hall="QL-SM", department="SCJ", employment="part_time", phone="13900003021", role="agent"),
    dict(username=None, name="潘兴旺", hall="QL-SM", department="SCJ", employment="part_time", phone="13900003022", role="agent"),
    dict(username=None, name="石洁", hall="QL-SM", department="SWJ", employment="part_time", phone="13900003023", role="agent"),
    dict(username=None, name="石玉梅", hall="QL-SM", department="SWJ", employment="part_time", phone="13900003024", role="agent"),
    dict(username=None, name="叶晓峰", hall="QL-SM", department="GAJ", employment="part_time", phone="13900003025", role="agent"),
    dict(username=None, name="李若溪", hall="QL-SM", department="GAJ", employment="part_time", phone="13900003026", role="agent"),
    dict(username=None, name="梁秀兰", hall="QL-SM", department="WJW", employment="part_time", phone="13900003027", role="agent"),
    dict(username=None, name="万婧", hall="QL-SM", department="WJW", employment="part_time", phone="13900003028", role="agent"),
    dict(username=None, name="蔡欣然", hall="QL-SM", department="TYJ", employment="part_time", phone="13900003029", role="agent"),
    dict(username=None, name="龙宝山", hall="QL-SM", department="TYJ", employment="part_time", phone="13900003030", role="agent"),
    dict(username=None, name="孟继红", hall="QL-SM", department="ZJJ", employment="part_time", phone="13900003031", role="agent"),
    dict(username=None, name="范俊杰", hall="QL-SM", department="FGW", employment="part_time", phone="13900003032", role="agent"),
    dict(username=None, name="高昊天", hall="QL-SM", department="HBJ", employment="part_time", phone="13900003033", role="agent"),
    dict(username=None, name="汤芳", hall="QL-SM", department="BANK", employment="part_time", phone="13900003034", role="agent"),
    dict(username=None, name="杜沐阳", hall="QL-SM", department=None, employment="full_time", phone="13900003035", role="helper"),
    dict(username=None, name="贺振宇", hall="QL-SM", department=None, employment="part_time", phone="13900003036", role="helper"),
    dict(username=None, name="韦国庆", hall="QL-SM", department=None, employment="volunteer", phone="13900003037", role="helper"),
    # ---- QL-YX-BS 云溪县白沙镇便民服务中心
    dict(username=None, name="邵宇航", hall="QL-YX-BS", department=None, employment="full_time", phone="13900004001", role="agent"),
    dict(username=None, name="覃宁", hall="QL-YX-BS", department=None, employment="full_time", phone="13900004002", role="agent"),
    dict(username=None, name="孟雅琴", hall="QL-YX-BS", department=None, employment="part_time", phone="13900004003", role="agent"),
    dict(username=None, name="方颖", hall="QL-YX-BS", department=None, employment="part_time", phone="13900004004", role="agent"),
    dict(username=None, name="廖利民", hall="QL-YX-BS", department="RSJ", employment="part_time", phone="13900004005", role="agent"),
    dict(username=None, name="韦梦琪", hall="QL-YX-BS", department="YBJ", employment="part_time", phone="13900004006", role="agent"),
    dict(username=None, name="尹霞", hall="QL-YX-BS", department="MZJ", employment="part_time", phone="13900004007", role="agent"),
    dict(username=None, name="薛秀兰", hall="QL-YX-BS", department="NYJ", employment="part_time", phone="13900004008", role="agent"),
    dict(username=None, name="魏卫东", hall="QL-YX-BS", department="GAJ", employment="part_time", phone="13900004009", role="agent"),
    dict(username=None, name="余志勇", hall="QL-YX-BS", department="SCJ", employment="part_time", phone="13900004010", role="agent"),
    dict(username=None, name="石燕", hall="QL-YX-BS", department=None, employment="volunteer", phone="13900004011", role="helper"),
    dict(username=None, name="秦水清", hall="QL-YX-BS", department=None, employment="part_time", phone="13900004012", role="helper"),
    # ---- QL-YX-LT 云溪县柳塘镇便民服务中心
    dict(username=None, name="姚长林", hall="QL-YX-LT", department=None, employment="full_time", phone="13900004301", role="agent"),
    dict(username=None, name="谢国庆", hall="QL-YX-LT", department=None, employment="full_time", phone="13900004302", role="agent"),
    dict(username=None, name="郝小兵", hall="QL-YX-LT", department=None, employment="part_time", phone="13900004303", role="agent"),
    dict(username=None, name="罗宁", hall="QL-YX-LT", department=None, employment="part_time", phone="13900004304", role="agent"),
    dict(username=None, name="汤春梅", hall="QL-YX-LT", department="RSJ", employment="part_time", phone="13900004305", role="agent"),
    dict(username=None, name="莫晓琳", hall="QL-YX-LT", department="YBJ", employment="part_time", phone="13900004306", role="agent"),
    dict(username=None, name="肖水清", hall="QL-YX-LT", department="MZJ", employment="part_time", phone="13900004307", role="agent"),
    dict(username=None, name="李浩宇", hall="QL-YX-LT", department="NYJ", employment="part_time", phone="13900004308", role="agent"),
    dict(username=None, name="贾雨欣", hall="QL-YX-LT", department="WJW", employment="part_time", phone="13900004309", role="agent"),
    dict(username=None, name="蔡志勇", hall="QL-YX-LT", department="CL", employment="part_time", phone="13900004310", role="agent"),
    dict(username=None, name="毛静", hall="QL-YX-LT", department=None, employment="volunteer", phone="13900004311", role="helper"),
    dict(username=None, name="谢桂芳", hall="QL-YX-LT", department=None, employment="volunteer", phone="13900004312", role="helper"),
    # ---- QL-SM-SL 石门县松岭镇便民服务中心
    dict(username=None, name="陆学文", hall="QL-SM-SL", department=None, employment="full_time", phone="13900004601", role="agent"),
    dict(username=None, name="雷晓燕", hall="QL-SM-SL", department=None, employment="full_time", phone="13900004602", role="agent"),
    dict(username=None, name="宋明辉", hall="QL-SM-SL", department=None, employment="part_time", phone="13900004603", role="agent"),
    dict(username=None, name="黎书瑶", hall="QL-SM-SL", department=None, employment="part_time", phone="13900004604", role="agent"),
    dict(username=None, name="熊婉清", hall="QL-SM-SL", department="RSJ", employment="part_time", phone="13900004605", role="agent"),
    dict(username=None, name="范亚楠", hall="QL-SM-SL", department="YBJ", employment="part_time", phone="13900004606", role="agent"),
    dict(username=None, name="金树林", hall="QL-SM-SL", department="MZJ", employment="part_time", phone="13900004607", role="agent"),
    dict(username=None, name="唐秋菊", hall="QL-SM-SL", department="NYJ", employment="part_time", phone="13900004608", role="agent"),
    dict(username=None, name="杨嘉豪", hall="QL-SM-SL", department="GAJ", employment="part_time", phone="13900004609", role="agent"),
    dict(username=None, name="潘婧", hall="QL-SM-SL", department="TYJ", employment="part_time", phone="13900004610", role="agent"),
    dict(username=None, name="汪晓东", hall="QL-SM-SL", department=None, employment="part_time", phone="13900004611", role="helper"),
    dict(username=None, name="姚国平", hall="QL-SM-SL", department=None, employment="volunteer", phone="13900004612", role="helper"),
    # ---- QL-YX-BS-01 白沙镇青石村便民服务室
    dict(username=None, name="向辉", hall="QL-YX-BS-01", department=None, employment="full_time", phone="13900007001", role="agent"),
    dict(username=None, name="陆玉芳", hall="QL-YX-BS-01", department=None, employment="volunteer", phone="13900007002", role="agent"),
    # ---- QL-YX-BS-02 白沙镇河湾社区便民服务室
    dict(username=None, name="钟欣然", hall="QL-YX-BS-02", department=None, employment="part_time", phone="13900007101", role="agent"),
    dict(username=None, name="汪晓琳", hall="QL-YX-BS-02", department=None, employment="part_time", phone="13900007102", role="agent"),
    # ---- QL-YX-LT-01 柳塘镇荷花村便民服务室
    dict(username=None, name="曾德明", hall="QL-YX-LT-01", department=None, employment="full_time", phone="13900007201", role="agent"),
    dict(username=None, name="顾书瑶", hall="QL-YX-LT-01", department=None, employment="volunteer", phone="13900007202", role="agent"),
    # ---- QL-SM-SL-01 松岭镇杉木村便民服务室
    dict(username=None, name="万建军", hall="QL-SM-SL-01", department=None, employment="part_time", phone="13900007301", role="agent"),
    dict(username=None, name="石继红", hall="QL-SM-SL-01", department=None, employment="volunteer", phone="13900007302", role="agent"),
    # ---- QL-SM-SL-02 松岭镇枫林社区便民服务室
    dict(username=None, name="卢文静", hall="QL-SM-SL-02", department=None, employment="full_time", phone="13900007401", role="agent"),
    dict(username=None, name="尹美玲", hall="QL-SM-SL-02", department=None, employment="part_time", phone="13900007402", role="agent"),
]

# ----------------------------------------------------------------------------
# Windows (prefix = queue-ticket letter, unique within the hall)

WINDOWS = [
    # ---- QL
    dict(
        hall="QL", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None, items=(),
        departments=(
            "RSJ", "YBJ", "GJJ", "ZRJ", "MZJ", "NYJ", "SCJ", "SWJ", "GAJ", "WJW", "CL", "ZJJ", "FGW", "HBJ", "JTJ",
            "TYJ", "BANK",
        ),
    ),
    dict(
        hall="QL", number=2, name="企业开办综合窗口", kind="comprehensive", prefix="B", department=None,
        items=("SCJ-001", "GAJ-001", "SWJ-001", "BANK-001", "RSJ-006"), departments=("BANK",),
    ),
    dict(
        hall="QL", number=3, name="工程建设项目综合窗口", kind="comprehensive", prefix="C", department=None,
        items=(
            "FGW-001", "ZRJ-006", "FGW-002", "HBJ-001", "ZRJ-007", "ZRJ-008", "ZRJ-009", "ZJJ-001", "ZJJ-002",
            "ZJJ-003", "ZJJ-004",
        ),
        departments=("FGW", "ZJJ", "HBJ", "JTJ"),
    ),
    dict(
        hall="QL", number=4, name="社会保险窗口", kind="department", prefix="D", department="RSJ",
        items=("RSJ-001", "RSJ-002", "RSJ-003", "RSJ-004", "RSJ-005", "RSJ-007", "RSJ-008"), departments=("RSJ",),
    ),
    dict(
        hall="QL", number=5, name="医疗保障窗口", kind="department", prefix="E", department="YBJ",
        items=("YBJ-001", "YBJ-002", "YBJ-003", "YBJ-004", "YBJ-005"), departments=("YBJ",),
    ),
    dict(
        hall="QL", number=6, name="住房公积金窗口", kind="department", prefix="F", department="GJJ",
        items=("GJJ-001", "GJJ-002", "GJJ-003", "GJJ-004", "GJJ-005"), departments=("GJJ",),
    ),
    dict(
        hall="QL", number=7, name="不动产登记窗口", kind="department", prefix="G", department="ZRJ",
        items=("ZRJ-001", "ZRJ-002", "ZRJ-003", "ZRJ-004", "ZRJ-005"), departments=("ZRJ",),
    ),
    dict(
        hall="QL", number=8, name="民政服务窗口", kind="department", prefix="H", department="MZJ", items=("MZJ-005",),
        departments=("MZJ",),
    ),
    dict(
        hall="QL", number=9, name="农业农村窗口", kind="department", prefix="I", department="NYJ", items=("NYJ-005",),
        departments=("NYJ",),
    ),
    dict(
        hall="QL", number=10, name="市场监管窗口", kind="department", prefix="J", department="SCJ",
        items=("SCJ-002", "SCJ-003"), departments=("SCJ",),
    ),
    dict(
        hall="QL", number=11, name="税务窗口", kind="department", prefix="K", department="SWJ", items=("SWJ-002",),
        departments=("SWJ",),
    ),
    dict(
        hall="QL", number=12, name="户政窗口", kind="department", prefix="L", department="GAJ",
        items=("GAJ-002", "GAJ-003", "GAJ-004"), departments=("GAJ",),
    ),
    dict(
        hall="QL", number=13, name="卫生健康窗口", kind="department", prefix="M", department="WJW",
        items=("WJW-001",), departments=("WJW",),
    ),
    dict(
        hall="QL", number=14, name="残疾人服务窗口", kind="department", prefix="N", department="CL",
        items=("CL-001",), departments=("CL",),
    ),
    dict(
        hall="QL", number=15, name="退役军人服务窗口", kind="department", prefix="O", department="TYJ",
        items=("TYJ-001",), departments=("TYJ",),
    ),
    # ---- QL-YX
    dict(
        hall="QL-YX", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None, items=(),
        departments=(
            "RSJ", "YBJ", "GJJ", "ZRJ", "MZJ", "NYJ", "SCJ", "SWJ", "GAJ", "WJW", "CL", "ZJJ", "FGW", "HBJ", "JTJ",
            "TYJ", "BANK",
        ),
    ),
    dict(
        hall="QL-YX", number=2, name="企业开办综合窗口", kind="comprehensive", prefix="B", department=None,
        items=("SCJ-001", "GAJ-001", "SWJ-001", "BANK-001", "RSJ-006"), departments=("BANK",),
    ),
    dict(
        hall="QL-YX", number=3, name="工程建设项目综合窗口", kind="comprehensive", prefix="C", department=None,
        items=(
            "FGW-001", "ZRJ-006", "FGW-002", "HBJ-001", "ZRJ-007", "ZRJ-008", "ZRJ-009", "ZJJ-001", "ZJJ-002",
            "ZJJ-003", "ZJJ-004",
        ),
        departments=("FGW", "ZJJ", "HBJ", "JTJ"),
    ),
    dict(
        hall="QL-YX", number=4, name="社会保险窗口", kind="department", prefix="D", department="RSJ",
        items=("RSJ-001", "RSJ-002", "RSJ-003", "RSJ-004", "RSJ-005", "RSJ-007", "RSJ-008"), departments=("RSJ",),
    ),
    dict(
        hall="QL-YX", number=5, name="医疗保障窗口", kind="department", prefix="E", department="YBJ",
        items=("YBJ-001", "YBJ-002", "YBJ-003", "YBJ-004", "YBJ-005"), departments=("YBJ",),
    ),
    dict(
        hall="QL-YX", number=6, name="住房公积金窗口", kind="department", prefix="F", department="GJJ",
        items=("GJJ-001", "GJJ-002", "GJJ-003", "GJJ-004", "GJJ-005"), departments=("GJJ",),
    ),
    dict(
        hall="QL-YX", number=7, name="不动产登记窗口", kind="department", prefix="G", department="ZRJ",
        items=("ZRJ-001", "ZRJ-002", "ZRJ-003", "ZRJ-004", "ZRJ-005"), departments=("ZRJ",),
    ),
    dict(
        hall="QL-YX", number=8, name="民政服务窗口", kind="department", prefix="H", department="MZJ",
        items=("MZJ-001", "MZJ-002", "MZJ-003", "MZJ-004", "MZJ-005", "MZJ-006"), departments=("MZJ",),
    ),
    dict(
        hall="QL-YX", number=9, name="农业农村窗口", kind="department", prefix="I", department="NYJ",
        items=("NYJ-001", "NYJ-002", "NYJ-004", "NYJ-005"), departments=("NYJ",),
    ),
    dict(
        hall="QL-YX", number=10, name="市场监管窗口", kind="department", prefix="J", department="SCJ",
        items=("SCJ-002", "SCJ-003"), departments=("SCJ",),
    ),
    dict(
        hall="QL-YX", number=11, name="税务窗口", kind="department", prefix="K", department="SWJ", items=("SWJ-002",),
        departments=("SWJ",),
    ),
    dict(
        hall="QL-YX", number=12, name="户政窗口", kind="department", prefix="L", department="GAJ",
        items=("GAJ-002", "GAJ-003", "GAJ-004"), departments=("GAJ",),
    ),
    dict(
        hall="QL-YX", number=13, name="卫生健康窗口", kind="department", prefix="M", department="WJW",
        items=("WJW-001", "WJW-002"), departments=("WJW",),
    ),
    dict(
        hall="QL-YX", number=14, name="残疾人服务窗口", kind="department", prefix="N", department="CL",
        items=("CL-001", "CL-002"), departments=("CL",),
    ),
    dict(
        hall="QL-YX", number=15, name="退役军人服务窗口", kind="department", prefix="O", department="TYJ",
        items=("TYJ-001", "TYJ-002"), departments=("TYJ",),
    ),
    # ---- QL-SM
    dict(
        hall="QL-SM", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None, items=(),
        departments=(
            "RSJ", "YBJ", "GJJ", "ZRJ", "MZJ", "NYJ", "SCJ", "SWJ", "GAJ", "WJW", "ZJJ", "FGW", "HBJ", "TYJ", "BANK",
        ),
    ),
    dict(
        hall="QL-SM", number=2, name="企业开办综合窗口", kind="comprehensive", prefix="B", department=None,
        items=("SCJ-001", "GAJ-001", "SWJ-001", "BANK-001", "RSJ-006"), departments=("BANK",),
    ),
    dict(
        hall="QL-SM", number=3, name="工程建设项目综合窗口", kind="comprehensive", prefix="C", department=None,
        items=(
            "FGW-001", "ZRJ-006", "FGW-002", "HBJ-001", "ZRJ-007", "ZRJ-008", "ZRJ-009", "ZJJ-001", "ZJJ-002",
            "ZJJ-003", "ZJJ-004",
        ),
        departments=("FGW", "ZJJ", "HBJ"),
    ),
    dict(
        hall="QL-SM", number=4, name="社会保险窗口", kind="department", prefix="D", department="RSJ",
        items=("RSJ-001", "RSJ-002", "RSJ-003", "RSJ-004", "RSJ-005", "RSJ-007", "RSJ-008"), departments=("RSJ",),
    ),
    dict(
        hall="QL-SM", number=5, name="医疗保障窗口", kind="department", prefix="E", department="YBJ",
        items=("YBJ-001", "YBJ-002", "YBJ-003", "YBJ-004", "YBJ-005"), departments=("YBJ",),
    ),
    dict(
        hall="QL-SM", number=6, name="住房公积金窗口", kind="department", prefix="F", department="GJJ",
        items=("GJJ-001", "GJJ-002", "GJJ-003", "GJJ-004", "GJJ-005"), departments=("GJJ",),
    ),
    dict(
        hall="QL-SM", number=7, name="不动产登记窗口", kind="department", prefix="G", department="ZRJ",
        items=("ZRJ-001", "ZRJ-002", "ZRJ-003", "ZRJ-004", "ZRJ-005"), departments=("ZRJ",),
    ),
    dict(
        hall="QL-SM", number=8, name="民政服务窗口", kind="department", prefix="H", department="MZJ",
        items=("MZJ-001", "MZJ-002", "MZJ-003", "MZJ-004", "MZJ-005", "MZJ-006"), departments=("MZJ",),
    ),
    dict(
        hall="QL-SM", number=9, name="农业农村窗口", kind="department", prefix="I", department="NYJ",
        items=("NYJ-001", "NYJ-002", "NYJ-004", "NYJ-005"), departments=("NYJ",),
    ),
    dict(
        hall="QL-SM", number=10, name="市场监管窗口", kind="department", prefix="J", department="SCJ",
        items=("SCJ-002", "SCJ-003"), departments=("SCJ",),
    ),
    dict(
        hall="QL-SM", number=11, name="税务窗口", kind="department", prefix="K", department="SWJ", items=("SWJ-002",),
        departments=("SWJ",),
    ),
    dict(
        hall="QL-SM", number=12, name="户政窗口", kind="department", prefix="L", department="GAJ",
        items=("GAJ-002", "GAJ-003", "GAJ-004"), departments=("GAJ",),
    ),
    dict(
        hall="QL-SM", number=13, name="卫生健康窗口", kind="department", prefix="M", department="WJW",
        items=("WJW-001", "WJW-002"), departments=("WJW",),
    ),
    dict(
        hall="QL-SM", number=14, name="退役军人服务窗口", kind="department", prefix="N", department="TYJ",
        items=("TYJ-001", "TYJ-002"), departments=("TYJ",),
    ),
    # ---- QL-YX-BS
    dict(
        hall="QL-YX-BS", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None, items=(),
        departments=("RSJ", "YBJ", "MZJ", "NYJ", "GAJ", "SCJ"),
    ),
    dict(
        hall="QL-YX-BS", number=2, name="综合受理窗口", kind="comprehensive", prefix="B", department=None,
        items=(
            "RSJ-001", "RSJ-002", "RSJ-004", "RSJ-005", "RSJ-008", "YBJ-001", "YBJ-002", "MZJ-001", "MZJ-002",
            "MZJ-003", "MZJ-004", "MZJ-006", "NYJ-001", "NYJ-002", "NYJ-003", "NYJ-004", "SCJ-002", "GAJ-002",
            "GAJ-003", "GAJ-004",
        ),
        departments=("RSJ", "YBJ", "MZJ", "NYJ", "GAJ", "SCJ"),
    ),
    # ---- QL-YX-LT
    dict(
        hall="QL-YX-LT", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None, items=(),
        departments=("RSJ", "YBJ", "MZJ", "NYJ", "WJW", "CL"),
    ),
    dict(
        hall="QL-YX-LT", number=2, name="综合受理窗口", kind="comprehensive", prefix="B", department=None,
        items=(
            "RSJ-001", "RSJ-002", "RSJ-004", "RSJ-005", "RSJ-008", "YBJ-001", "YBJ-002", "MZJ-001", "MZJ-002",
            "MZJ-003", "MZJ-004", "MZJ-006", "NYJ-001", "NYJ-002", "NYJ-003", "NYJ-004", "WJW-002", "CL-001",
            "CL-002",
        ),
        departments=("RSJ", "YBJ", "MZJ", "NYJ", "WJW", "CL"),
    ),
    # ---- QL-SM-SL
    dict(
        hall="QL-SM-SL", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None, items=(),
        departments=("RSJ", "YBJ", "MZJ", "NYJ", "GAJ", "TYJ"),
    ),
    dict(
        hall="QL-SM-SL", number=2, name="综合受理窗口", kind="comprehensive", prefix="B", department=None,
        items=(
            "RSJ-001", "RSJ-002", "RSJ-004", "RSJ-005", "RSJ-008", "YBJ-001", "YBJ-002", "MZJ-001", "MZJ-002",
            "MZJ-003", "MZJ-004", "MZJ-006", "NYJ-001", "NYJ-002", "NYJ-003", "NYJ-004", "GAJ-002", "GAJ-003",
            "GAJ-004", "TYJ-001", "TYJ-002",
        ),
        departments=("RSJ", "YBJ", "MZJ", "NYJ", "GAJ", "TYJ"),
    ),
    # ---- QL-YX-BS-01
    dict(
        hall="QL-YX-BS-01", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None,
        items=(
            "RSJ-001", "RSJ-002", "RSJ-005", "MZJ-001", "MZJ-002", "MZJ-003", "MZJ-004", "MZJ-006", "NYJ-001",
            "NYJ-003", "NYJ-004",
        ),
        departments=("RSJ", "MZJ", "NYJ"),
    ),
    # ---- QL-YX-BS-02
    dict(
        hall="QL-YX-BS-02", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None,
        items=("RSJ-001", "RSJ-002", "RSJ-005", "YBJ-001", "MZJ-001", "MZJ-002", "MZJ-003", "MZJ-004", "MZJ-006"),
        departments=("RSJ", "MZJ", "YBJ"),
    ),
    # ---- QL-YX-LT-01
    dict(
        hall="QL-YX-LT-01", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None,
        items=("RSJ-001", "RSJ-002", "RSJ-005", "NYJ-001", "NYJ-003", "NYJ-004", "WJW-002"),
        departments=("RSJ", "NYJ", "WJW"),
    ),
    # ---- QL-SM-SL-01
    dict(
        hall="QL-SM-SL-01", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None,
        items=(
            "RSJ-001", "RSJ-002", "RSJ-005", "MZJ-001", "MZJ-002", "MZJ-003", "MZJ-004", "MZJ-006", "NYJ-001",
            "NYJ-003", "NYJ-004",
        ),
        departments=("RSJ", "MZJ", "NYJ"),
    ),
    # ---- QL-SM-SL-02
    dict(
        hall="QL-SM-SL-02", number=1, name="帮办代办窗口", kind="assisted", prefix="A", department=None,
        items=("RSJ-001", "RSJ-002", "RSJ-005", "MZJ-001", "MZJ-002", "MZJ-003", "MZJ-004", "MZJ-006", "TYJ-001"),
        departments=("RSJ", "MZJ", "TYJ"),
    ),
]

# ----------------------------------------------------------------------------
# AB posts: A is primary, B takes over when A is away (window_number None = no counter)

POSTS = [
    # ---- QL
    dict(hall="QL", window_number=1, department=None, name="帮办代办岗", a="侯雅琴", b="田锦程"),
    dict(hall="QL", window_number=None, department=None, name="上门服务岗", a="丁素芬", b="程丽萍"),
    dict(hall="QL", window_number=2, department=None, name="企业开办综合岗", a="曹丽娟", b="雷晨阳"),
    dict(hall="QL", window_number=3, department=None, name="工程建设项目综合岗", a="黄心怡", b="吕海峰"),
    dict(hall="QL", window_number=4, department="RSJ", name="人社帮办代办岗", a="邵佳怡", b="宋晨阳"),
    dict(hall="QL", window_number=5, department="YBJ", name="医保帮办代办岗", a="叶建华", b="彭海峰"),
    dict(hall="QL", window_number=6, department="GJJ", name="公积金帮办代办岗", a="蔡佳琪", b="姜红梅"),
    dict(hall="QL", window_number=7, department="ZRJ", name="自然资源帮办代办岗", a="石一帆", b="崔正平"),
    dict(hall="QL", window_number=8, department="MZJ", name="民政帮办代办岗", a="覃永刚", b="尹少华"),
    dict(hall="QL", window_number=9, department="NYJ", name="农业农村帮办代办岗", a="任志远", b="沈静怡"),
    dict(hall="QL", window_number=10, department="SCJ", name="市场监管帮办代办岗", a="冯锦程", b="谭永刚"),
    dict(hall="QL", window_number=11, department="SWJ", name="税务帮办代办岗", a="郝芷若", b="刘树林"),
    dict(hall="QL", window_number=12, department="GAJ", name="公安帮办代办岗", a="严帆", b="姜利民"),
    dict(hall="QL", window_number=13, department="WJW", name="卫健帮办代办岗", a="马佳琪", b="程淑珍"),
    dict(hall="QL", window_number=14, department="CL", name="残联帮办代办岗", a="胡金凤", b="邵淑珍"),
    dict(hall="QL", window_number=15, department="TYJ", name="退役军人帮办代办岗", a="毛文华", b="戴春花"),
    dict(hall="QL", window_number=None, department="ZJJ", name="住建帮办代办岗", a="严红梅", b="黄心怡"),
    dict(hall="QL", window_number=None, department="FGW", name="发改帮办代办岗", a="白志强", b="黄心怡"),
    dict(hall="QL", window_number=None, department="HBJ", name="生态环境帮办代办岗", a="彭正平", b="黄心怡"),
    dict(hall="QL", window_number=None, department="JTJ", name="交通运输帮办代办岗", a="丁一帆", b="黄心怡"),
    dict(hall="QL", window_number=None, department="BANK", name="银行帮办代办岗", a="邹磊", b="曹丽娟"),
    # ---- QL-YX
    dict(hall="QL-YX", window_number=1, department=None, name="帮办代办岗", a="史倩", b="田泽宇"),
    dict(hall="QL-YX", window_number=None, department=None, name="上门服务岗", a="孙瑞祥", b="杜爱华"),
    dict(hall="QL-YX", window_number=2, department=None, name="企业开办综合岗", a="汪莉", b="沈俊杰"),
    dict(hall="QL-YX", window_number=3, department=None, name="工程建设项目综合岗", a="周秀云", b="邓冬梅"),
    dict(hall="QL-YX", window_number=4, department="RSJ", name="人社帮办代办岗", a="韦晓雯", b="宋翠兰"),
    dict(hall="QL-YX", window_number=5, department="YBJ", name="医保帮办代办岗", a="汤雪梅", b="覃勇"),
    dict(hall="QL-YX", window_number=6, department="GJJ", name="公积金帮办代办岗", a="程桂英", b="钟欣怡"),
    dict(hall="QL-YX", window_number=7, department="ZRJ", name="自然资源帮办代办岗", a="严秀云", b="覃松柏"),
    dict(hall="QL-YX", window_number=8, department="MZJ", name="民政帮办代办岗", a="梁慧敏", b="叶语桐"),
    dict(hall="QL-YX", window_number=9, department="NYJ", name="农业农村帮办代办岗", a="崔振宇", b="魏明辉"),
    dict(hall="QL-YX", window_number=10, department="SCJ", name="市场监管帮办代办岗", a="谭家明", b="崔芳"),
    dict(hall="QL-YX", window_number=11, department="SWJ", name="税务帮办代办岗", a="蔡光辉", b="钟春燕"),
    dict(hall="QL-YX", window_number=12, department="GAJ", name="公安帮办代办岗", a="孙丽娟", b="蔡丹"),
    dict(hall="QL-YX", window_number=13, department="WJW", name="卫健帮办代办岗", a="邓福生", b="向娟"),
    dict(hall="QL-YX", window_number=14, department="CL", name="残联帮办代办岗", a="邵松柏", b="谭霞"),
    dict(hall="QL-YX", window_number=15, department="TYJ", name="退役军人帮办代办岗", a="王诗琪", b="丁泽宇"),
    dict(hall="QL-YX", window_number=None, department="ZJJ", name="住建帮办代办岗", a="杜秀珍", b="周秀云"),
    dict(hall="QL-YX", window_number=None, department="FGW", name="发改帮办代办岗", a="戴博文", b="周秀云"),
    dict(hall="QL-YX", window_number=None, department="HBJ", name="生态环境帮办代办岗", a="邹倩", b="周秀云"),
    dict(hall="QL-YX", window_number=None, department="JTJ", name="交通运输帮办代办岗", a="谭春梅", b="周秀云"),
    dict(hall="QL-YX", window_number=None, department="BANK", name="银行帮办代办岗", a="莫诗琪", b="汪莉"),
    # ---- QL-SM
    dict(hall="QL-SM", window_number=1, department=None, name="帮办代办岗", a="钟玉兰", b="许建华"),
    dict(hall="QL-SM", window_number=None, department=None, name="上门服务岗", a="莫勇", b="宋学文"),
    dict(hall="QL-SM", window_number=2, department=None, name="企业开办综合岗", a="沈德明", b="陶兴旺"),
    dict(hall="QL-SM", window_number=3, department=None, name="工程建设项目综合岗", a="史欣怡", b="王德华"),
    dict(hall="QL-SM", window_number=4, department="RSJ", name="人社帮办代办岗", a="朱春花", b="韦素芬"),
    dict(hall="QL-SM", window_number=5, department="YBJ", name="医保帮办代办岗", a="覃秀珍", b="冯可馨"),
    dict(hall="QL-SM", window_number=6, department="GJJ", name="公积金帮办代办岗", a="卢爱华", b="邵冬梅"),
    dict(hall="QL-SM", window_number=7, department="ZRJ", name="自然资源帮办代办岗", a="龙凤英", b="李洁"),
    dict(hall="QL-SM", window_number=8, department="MZJ", name="民政帮办代办岗", a="杜铭泽", b="吴光辉"),
    dict(hall="QL-SM", window_number=9, department="NYJ", name="农业农村帮办代办岗", a="贺铭泽", b="向超"),
    dict(hall="QL-SM", window_number=10, department="SCJ", name="市场监管帮办代办岗", a="田文华", b="潘兴旺"),
    dict(hall="QL-SM", window_number=11, department="SWJ", name="税务帮办代办岗", a="石洁", b="石玉梅"),
    dict(hall="QL-SM", window_number=12, department="GAJ", name="公安帮办代办岗", a="叶晓峰", b="李若溪"),
    dict(hall="QL-SM", window_number=13, department="WJW", name="卫健帮办代办岗", a="梁秀兰", b="万婧"),
    dict(hall="QL-SM", window_number=14, department="TYJ", name="退役军人帮办代办岗", a="蔡欣然", b="龙宝山"),
    dict(hall="QL-SM", window_number=None, department="ZJJ", name="住建帮办代办岗", a="孟继红", b="史欣怡"),
    dict(hall="QL-SM", window_number=None, department="FGW", name="发改帮办代办岗", a="范俊杰", b="史欣怡"),
    dict(hall="QL-SM", window_number=None, department="HBJ", name="生态环境帮办代办岗", a="高昊天", b="史欣怡"),
    dict(hall="QL-SM", window_number=None, department="BANK", name="银行帮办代办岗", a="汤芳", b="沈德明"),
    # ---- QL-YX-BS
    dict(hall="QL-YX-BS", window_number=1, department=None, name="帮办代办岗", a="邵宇航", b="覃宁"),
    dict(hall="QL-YX-BS", window_number=2, department=None, name="综合受理岗", a="孟雅琴", b="方颖"),
    dict(hall="QL-YX-BS", window_number=None, department=None, name="上门服务岗", a="覃宁", b="邵宇航"),
    dict(hall="QL-YX-BS", window_number=None, department="RSJ", name="人社帮办代办岗", a="廖利民", b="孟雅琴"),
    dict(hall="QL-YX-BS", window_number=None, department="YBJ", name="医保帮办代办岗", a="韦梦琪", b="方颖"),
    dict(hall="QL-YX-BS", window_number=None, department="MZJ", name="民政帮办代办岗", a="尹霞", b="孟雅琴"),
    dict(hall="QL-YX-BS", window_number=None, department="NYJ", name="农业农村帮办代办岗", a="薛秀兰", b="方颖"),
    dict(hall="QL-YX-BS", window_number=None, department="GAJ", name="公安帮办代办岗", a="魏卫东", b="孟雅琴"),
    dict(hall="QL-YX-BS", window_number=None, department="SCJ", name="市场监管帮办代办岗", a="余志勇", b="方颖"),
    # ---- QL-YX-LT
    dict(hall="QL-YX-LT", window_number=1, department=None, name="帮办代办岗", a="姚长林", b="谢国庆"),
    dict(hall="QL-YX-LT", window_number=2, department=None, name="综合受理岗", a="郝小兵", b="罗宁"),
    dict(hall="QL-YX-LT", window_number=None, department=None, name="上门服务岗", a="谢国庆", b="姚长林"),
    dict(hall="QL-YX-LT", window_number=None, department="RSJ", name="人社帮办代办岗", a="汤春梅", b="郝小兵"),
    dict(hall="QL-YX-LT", window_number=None, department="YBJ", name="医保帮办代办岗", a="莫晓琳", b="罗宁"),
    dict(hall="QL-YX-LT", window_number=None, department="MZJ", name="民政帮办代办岗", a="肖水清", b="郝小兵"),
    dict(hall="QL-YX-LT", window_number=None, department="NYJ", name="农业农村帮办代办岗", a="李浩宇", b="罗宁"),
    dict(hall="QL-YX-LT", window_number=None, department="WJW", name="卫健帮办代办岗", a="贾雨欣", b="郝小兵"),
    dict(hall="QL-YX-LT", window_number=None, department="CL", name="残联帮办代办岗", a="蔡志勇", b="罗宁"),
    # ---- QL-SM-SL
    dict(hall="QL-SM-SL", window_number=1, department=None, name="帮办代办岗", a="陆学文", b="雷晓燕"),
    dict(hall="QL-SM-SL", window_number=2, department=None, name="综合受理岗", a="宋明辉", b="黎书瑶"),
    dict(hall="QL-SM-SL", window_number=None, department=None, name="上门服务岗", a="雷晓燕", b="陆学文"),
    dict(hall="QL-SM-SL", window_number=None, department="RSJ", name="人社帮办代办岗", a="熊婉清", b="宋明辉"),
    dict(hall="QL-SM-SL", window_number=None, department="YBJ", name="医保帮办代办岗", a="范亚楠", b="黎书瑶"),
    dict(hall="QL-SM-SL", window_number=None, department="MZJ", name="民政帮办代办岗", a="金树林", b="宋明辉"),
    dict(hall="QL-SM-SL", window_number=None, department="NYJ", name="农业农村帮办代办岗", a="唐秋菊", b="黎书瑶"),
    dict(hall="QL-SM-SL", window_number=None, department="GAJ", name="公安帮办代办岗", a="杨嘉豪", b="宋明辉"),
    dict(hall="QL-SM-SL", window_number=None, department="TYJ", name="退役军人帮办代办岗", a="潘婧", b="黎书瑶"),
    # ---- QL-YX-BS-01
    dict(hall="QL-YX-BS-01", window_number=1, department=None, name="帮办代办岗", a="向辉", b="陆玉芳"),
    # ---- QL-YX-BS-02
    dict(hall="QL-YX-BS-02", window_number=1, department=None, name="帮办代办岗", a="钟欣然", b="汪晓琳"),
    # ---- QL-YX-LT-01
    dict(hall="QL-YX-LT-01", window_number=1, department=None, name="帮办代办岗", a="曾德明", b="顾书瑶"),
    # ---- QL-SM-SL-01
    dict(hall="QL-SM-SL-01", window_number=1, department=None, name="帮办代办岗", a="万建军", b="石继红"),
    # ---- QL-SM-SL-02
    dict(hall="QL-SM-SL-02", window_number=1, department=None, name="帮办代办岗", a="卢文静", b="尹美玲"),
]

# ----------------------------------------------------------------------------
# Liaisons: one per stationed department per hall, plus the hall's own (department None)

LIAISONS = [
    # ---- QL
    dict(hall="QL", department=None, agent="侯雅琴", title="市级帮办代办联络员"),
    dict(hall="QL", department="RSJ", agent="邵佳怡", title="社保联络员"),
    dict(hall="QL", department="YBJ", agent="叶建华", title="医保联络员"),
    dict(hall="QL", department="GJJ", agent="蔡佳琪", title="公积金联络员"),
    dict(hall="QL", department="ZRJ", agent="石一帆", title="不动产登记联络员"),
    dict(hall="QL", department="MZJ", agent="覃永刚", title="民政联络员"),
    dict(hall="QL", department="NYJ", agent="任志远", title="农业农村联络员"),
    dict(hall="QL", department="SCJ", agent="冯锦程", title="市场监管联络员"),
    dict(hall="QL", department="SWJ", agent="郝芷若", title="税务联络员"),
    dict(hall="QL", department="GAJ", agent="严帆", title="户政联络员"),
    dict(hall="QL", department="WJW", agent="马佳琪", title="卫健联络员"),
    dict(hall="QL", department="CL", agent="胡金凤", title="残联联络员"),
    dict(hall="QL", department="ZJJ", agent="严红梅", title="住建联络员"),
    dict(hall="QL", department="FGW", agent="白志强", title="发改联络员"),
    dict(hall="QL", department="HBJ", agent="彭正平", title="生态环境联络员"),
    dict(hall="QL", department="JTJ", agent="丁一帆", title="交通运输联络员"),
    dict(hall="QL", department="TYJ", agent="毛文华", title="退役军人服务联络员"),
    dict(hall="QL", department="BANK", agent="邹磊", title="银行开户联络员"),
    # ---- QL-YX
    dict(hall="QL-YX", department=None, agent="史倩", title="县级帮办代办联络员"),
    dict(hall="QL-YX", department="RSJ", agent="韦晓雯", title="社保联络员"),
    dict(hall="QL-YX", department="YBJ", agent="汤雪梅", title="医保联络员"),
    dict(hall="QL-YX", department="GJJ", agent="程桂英", title="公积金联络员"),
    dict(hall="QL-YX", department="ZRJ", agent="严秀云", title="不动产登记联络员"),
    dict(hall="QL-YX", department="MZJ", agent="梁慧敏", title="民政联络员"),
    dict(hall="QL-YX", department="NYJ", agent="崔振宇", title="农业农村联络员"),
    dict(hall="QL-YX", department="SCJ", agent="谭家明", title="市场监管联络员"),
    dict(hall="QL-YX", department="SWJ", agent="蔡光辉", title="税务联络员"),
    dict(hall="QL-YX", department="GAJ", agent="孙丽娟", title="户政联络员"),
    dict(hall="QL-YX", department="WJW", agent="邓福生", title="卫健联络员"),
    dict(hall="QL-YX", department="CL", agent="邵松柏", title="残联联络员"),
    dict(hall="QL-YX", department="ZJJ", agent="杜秀珍", title="住建联络员"),
    dict(hall="QL-YX", department="FGW", agent="戴博文", title="发改联络员"),
    dict(hall="QL-YX", department="HBJ", agent="邹倩", title="生态环境联络员"),
    dict(hall="QL-YX", department="JTJ", agent="谭春梅", title="交通运输联络员"),
    dict(hall="QL-YX", department="TYJ", agent="王诗琪", title="退役军人服务联络员"),
    dict(hall="QL-YX", department="BANK", agent="莫诗琪", title="银行开户联络员"),
    # ---- QL-SM
    dict(hall="QL-SM", department=None, agent="钟玉兰", title="县级帮办代办联络员"),
    dict(hall="QL-SM", department="RSJ", agent="朱春花", title="社保联络员"),
    dict(hall="QL-SM", department="YBJ", agent="覃秀珍", title="医保联络员"),
    dict(hall="QL-SM", department="GJJ", agent="卢爱华", title="公积金联络员"),
    dict(hall="QL-SM", department="ZRJ", agent="龙凤英", title="不动产登记联络员"),
    dict(hall="QL-SM", department="MZJ", agent="杜铭泽", title="民政联络员"),
    dict(hall="QL-SM", department="NYJ", agent="贺铭泽", title="农业农村联络员"),
    dict(hall="QL-SM", department="SCJ", agent="田文华", title="市场监管联络员"),
    dict(hall="QL-SM", department="SWJ", agent="石洁", title="税务联络员"),
    dict(hall="QL-SM", department="GAJ", agent="叶晓峰", title="户政联络员"),
    dict(hall="QL-SM", department="WJW", agent="梁秀兰", title="卫健联络员"),
    dict(hall="QL-SM", department="ZJJ", agent="孟继红", title="住建联络员"),
    dict(hall="QL-SM", department="FGW", agent="范俊杰", title="发改联络员"),
    dict(hall="QL-SM", department="HBJ", agent="高昊天", title="生态环境联络员"),
    dict(hall="QL-SM", department="TYJ", agent="蔡欣然", title="退役军人服务联络员"),
    dict(hall="QL-SM", department="BANK", agent="汤芳", title="银行开户联络员"),
    # ---- QL-YX-BS
    dict(hall="QL-YX-BS", department=None, agent="邵宇航", title="镇级帮办代办联络员"),
    dict(hall="QL-YX-BS", department="RSJ", agent="廖利民", title="社保联络员"),
    dict(hall="QL-YX-BS", department="YBJ", agent="韦梦琪", title="医保联络员"),
    dict(hall="QL-YX-BS", department="MZJ", agent="尹霞", title="民政联络员"),
    dict(hall="QL-YX-BS", department="NYJ", agent="薛秀兰", title="农业农村联络员"),
    dict(hall="QL-YX-BS", department="GAJ", agent="魏卫东", title="户政联络员"),
    dict(hall="QL-YX-BS", department="SCJ", agent="余志勇", title="市场监管联络员"),
    # ---- QL-YX-LT
    dict(hall="QL-YX-LT", department=None, agent="姚长林", title="镇级帮办代办联络员"),
    dict(hall="QL-YX-LT", department="RSJ", agent="汤春梅", title="社保联络员"),
    dict(hall="QL-YX-LT", department="YBJ", agent="莫晓琳", title="医保联络员"),
    dict(hall="QL-YX-LT", department="MZJ", agent="肖水清", title="民政联络员"),
    dict(hall="QL-YX-LT", department="NYJ", agent="李浩宇", title="农业农村联络员"),
    dict(hall="QL-YX-LT", department="WJW", agent="贾雨欣", title="卫健联络员"),
    dict(hall="QL-YX-LT", department="CL", agent="蔡志勇", title="残联联络员"),
    # ---- QL-SM-SL
    dict(hall="QL-SM-SL", department=None, agent="陆学文", title="镇级帮办代办联络员"),
    dict(hall="QL-SM-SL", department="RSJ", agent="熊婉清", title="社保联络员"),
    dict(hall="QL-SM-SL", department="YBJ", agent="范亚楠", title="医保联络员"),
    dict(hall="QL-SM-SL", department="MZJ", agent="金树林", title="民政联络员"),
    dict(hall="QL-SM-SL", department="NYJ", agent="唐秋菊", title="农业农村联络员"),
    dict(hall="QL-SM-SL", department="GAJ", agent="杨嘉豪", title="户政联络员"),
    dict(hall="QL-SM-SL", department="TYJ", agent="潘婧", title="退役军人服务联络员"),
    # ---- QL-YX-BS-01
    dict(hall="QL-YX-BS-01", department=None, agent="向辉", title="村级帮办代办联络员"),
    dict(hall="QL-YX-BS-01", department="RSJ", agent="向辉", title="社保联络员"),
    dict(hall="QL-YX-BS-01", department="MZJ", agent="陆玉芳", title="民政联络员"),
    dict(hall="QL-YX-BS-01", department="NYJ", agent="向辉", title="农业农村联络员"),
    # ---- QL-YX-BS-02
    dict(hall="QL-YX-BS-02", department=None, agent="钟欣然", title="村级帮办代办联络员"),
    dict(hall="QL-YX-BS-02", department="RSJ", agent="钟欣然", title="社保联络员"),
    dict(hall="QL-YX-BS-02", department="MZJ", agent="汪晓琳", title="民政联络员"),
    dict(hall="QL-YX-BS-02", department="YBJ", agent="钟欣然", title="医保联络员"),
    # ---- QL-YX-LT-01
    dict(hall="QL-YX-LT-01", department=None, agent="曾德明", title="村级帮办代办联络员"),
    dict(hall="QL-YX-LT-01", department="RSJ", agent="曾德明", title="社保联络员"),
    dict(hall="QL-YX-LT-01", department="NYJ", agent="顾书瑶", title="农业农村联络员"),
    dict(hall="QL-YX-LT-01", department="WJW", agent="曾德明", title="卫健联络员"),
    # ---- QL-SM-SL-01
    dict(hall="QL-SM-SL-01", department=None, agent="万建军", title="村级帮办代办联络员"),
    dict(hall="QL-SM-SL-01", department="RSJ", agent="万建军", title="社保联络员"),
    dict(hall="QL-SM-SL-01", department="MZJ", agent="石继红", title="民政联络员"),
    dict(hall="QL-SM-SL-01", department="NYJ", agent="万建军", title="农业农村联络员"),
    # ---- QL-SM-SL-02
    dict(hall="QL-SM-SL-02", department=None, agent="卢文静", title="村级帮办代办联络员"),
    dict(hall="QL-SM-SL-02", department="RSJ", agent="卢文静", title="社保联络员"),
    dict(hall="QL-SM-SL-02", department="MZJ", agent="尹美玲", title="民政联络员"),
    dict(hall="QL-SM-SL-02", department="TYJ", agent="卢文静", title="退役军人服务联络员"),
]

# ----------------------------------------------------------------------------
# Self-service kiosks; duty rosters are generated elsewhere from `helpers`

KIOSKS = [
    dict(hall="QL", name="一楼自助服务区", location="市民中心一楼大厅东侧", helpers=("严红霞", "秦语桐")),
    dict(hall="QL", name="二楼自助服务区", location="市民中心二楼不动产登记区北侧", helpers=("周新民", "田志强")),
    dict(hall="QL-YX", name="自助服务区", location="一楼大厅入口右侧", helpers=("汪翠兰", "龙晓东", "袁雪梅")),
    dict(hall="QL-SM", name="自助服务区", location="一楼大厅导服台旁", helpers=("杜沐阳", "贺振宇", "韦国庆")),
    dict(hall="QL-YX-BS", name="自助服务区", location="便民服务中心大厅西侧", helpers=("石燕", "秦水清")),
    dict(hall="QL-YX-LT", name="自助服务区", location="便民服务中心大厅入口", helpers=("毛静", "谢桂芳")),
    dict(hall="QL-SM-SL", name="自助服务区", location="便民服务中心一楼等候区", helpers=("汪晓东", "姚国平")),
]

# ---------------------------------------------------------------------------
# Self-check: python3 seeds/catalogue.py

if __name__ == "__main__":
    import os
    import re
    import sys
    from collections import Counter

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import models  # the domain's own levels and kinds; its staffing rules are
    # checked on the loaded demo city (tests/test_demo_city.py)

    LEVELS = tuple(models.LEVEL_ORDER)
    POWER_KINDS = {code for code, _ in models.POWER_KINDS}
    CATEGORIES = {code for code, _ in models.CATEGORIES}
    SERVICE_FORMS = {code for code, _ in models.SERVICE_FORMS}
    MATERIAL_FORMS = {code for code, _ in models.MATERIAL_FORMS}
    EMPLOYMENTS = {code for code, _ in models.EMPLOYMENTS}
    WINDOW_KINDS = {code for code, _ in models.WINDOW_KINDS}
    STAGES = ["立项", "选址", "能评", "环评", "用地", "规划", "方案审查",
              "施工图", "质量安全监督", "施工许可", "竣工验收"]

    # halls
    hall = {}
    for h in HALLS:
        assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)*", h["code"]), h["code"]
        assert h["code"] not in hall, h["code"]
        assert h["level"] in LEVELS
        if h["parent"] is None:
            assert h["level"] == "city"
        else:
            parent = hall[h["parent"]]  # parents listed first
            assert LEVELS.index(parent["level"]) + 1 == LEVELS.index(h["level"]), h["code"]
            assert h["code"].startswith(parent["code"] + "-"), h["code"]
        hall[h["code"]] = h
    by_level = Counter(h["level"] for h in HALLS)
    assert by_level["city"] == 1 and by_level["county"] == 2 and by_level["town"] >= 3 and by_level["village"] >= 4

    dept = {d["code"]: d for d in DEPARTMENTS}
    assert len(dept) == len(DEPARTMENTS)
    assert set(STATIONED) == set(hall)
    for code, deps in STATIONED.items():
        assert set(deps) <= set(dept) and len(set(deps)) == len(deps), code
        n = len(deps)
        assert {"town": 4 <= n <= 6, "village": 2 <= n <= 3}.get(hall[code]["level"], n >= 10), (code, n)

    # items
    item = {}
    for i in ITEMS:
        assert i["code"] not in item, i["code"]
        item[i["code"]] = i
        assert i["department"] in dept and i["power_kind"] in POWER_KINDS and i["category"] in CATEGORIES, i["code"]
        assert 1 <= i["time_limit_days"] <= 20, i["code"]
        assert i["forms"] and set(i["forms"]) <= SERVICE_FORMS, i["code"]
        assert i["levels"] and set(i["levels"]) <= set(LEVELS), i["code"]
        for k in ("name", "basic_info", "conditions", "procedure", "fees", "legal_basis", "intermediary", "faq"):
            assert i[k], (i["code"], k)
        assert 2 <= len(i["materials"]) <= 6 and any(m["required"] for m in i["materials"]), i["code"]
        for m in i["materials"]:
            assert m["form"] in MATERIAL_FORMS and m["copies"] >= 1 and m["source"], (i["code"], m)
            assert isinstance(m["required"], bool) and isinstance(m["deferrable"], bool), (i["code"], m)
        for lvl in i["levels"]:  # every listed level is really offered somewhere
            assert any(hall[h]["level"] == lvl and i["department"] in STATIONED[h] for h in hall), (i["code"], lvl)
    assert len(ITEMS) >= 45
    assert "village" not in item["MZJ-005"]["levels"]  # no marriage registration at village points

    def offered(h):
        return {c for c, i in item.items() if hall[h]["level"] in i["levels"] and i["department"] in STATIONED[h]}

    # bundles
    for b in BUNDLES:
        assert b["kind"] in ("one_thing", "investment") and b["lead_department"] in dept, b["code"]
        assert all(c in item for c, _ in b["items"]), b["code"]
        if b["kind"] == "investment":
            assert [s for _, s in b["items"]] == STAGES, b["code"]
        else:
            assert all(s is None for _, s in b["items"]), b["code"]
        assert any(item[c]["department"] == b["lead_department"] for c, _ in b["items"]), b["code"]

    # people
    people = {}
    for p in PEOPLE:
        assert p["name"] not in people, p["name"]
        assert p["hall"] in hall and p["role"] in ("agent", "helper"), p
        assert p["employment"] in EMPLOYMENTS, p
        assert re.fullmatch(r"1390000\d{4}", p["phone"]), p
        assert 2 <= len(p["name"]) <= 3, p
        if p["department"] is not None:
            assert p["department"] in STATIONED[p["hall"]], p
        people[p["name"]] = p
    assert len({p["phone"] for p in PEOPLE}) == len(PEOPLE)
    accounts = [p["username"] for p in PEOPLE if p["username"]]
    assert len(accounts) == len(set(accounts))
    acc = {p["username"]: p for p in PEOPLE if p["username"]}
    assert acc["demo-agent"]["role"] == "agent" and acc["demo-agent"]["employment"] == "full_time"
    assert acc["demo-agent"]["hall"] == "QL-YX" and acc["demo-agent"]["department"] is None
    assert acc["demo-helper"]["role"] == "helper" and acc["demo-helper"]["hall"] == "QL-YX"

    def staff(h, role="agent", employment=None, department=...):
        return [p for p in PEOPLE if p["hall"] == h and p["role"] == role
                and (employment is None or p["employment"] in employment)
                and (department is ... or p["department"] == department)]

    def in_hall(name, h, role="agent"):
        return name in people and people[name]["hall"] == h and people[name]["role"] == role

    for h, hh in hall.items():
        if hh["level"] != "village":
            for d in STATIONED[h]:
                assert 1 <= len(staff(h, employment=("part_time",), department=d)) <= 2, (h, d)

    # windows
    windows = WINDOWS
    for h, hh in hall.items():
        ws = [w for w in windows if w["hall"] == h]
        kinds = Counter(w["kind"] for w in ws)
        assert set(kinds) <= WINDOW_KINDS, h
        assert kinds["assisted"] == 1, h
        assert len({w["number"] for w in ws}) == len(ws), h
        assert len({w["prefix"] for w in ws}) == len(ws), h
        lvl = hh["level"]
        if lvl in ("city", "county"):
            assert 1 <= kinds["comprehensive"] <= 2 and kinds["department"] >= 3, h
        elif lvl == "town":
            assert kinds == Counter(assisted=1, comprehensive=1), h
        else:
            assert kinds == Counter(assisted=1), h
        off = offered(h)
        served = set()
        for w in ws:
            assert re.fullmatch(r"[A-Z]", w["prefix"]), w
            assert set(w["items"]) <= off, (h, w["number"], set(w["items"]) - off)
            assert set(w["departments"]) <= set(STATIONED[h]), (h, w["number"])
            if w["kind"] == "department":
                assert w["department"] in STATIONED[h] and w["items"], (h, w["number"])
                assert all(item[c]["department"] == w["department"] for c in w["items"]), (h, w["number"])
            else:
                assert w["department"] is None, (h, w["number"])
            # the assisted window of a city/county/town hall only routes; the business needs a real window
            if w["kind"] != "assisted" or lvl == "village":
                served |= set(w["items"]) | {c for c in off if item[c]["department"] in w["departments"]}
        assert off <= served, (h, sorted(off - served))

        # posts: one per window at least, A and B distinct agents of this hall
        posts = [p for p in POSTS if p["hall"] == h]
        assert len({p["name"] for p in posts}) == len(posts), h  # posts are matched on (hall, name)
        assert {w["number"] for w in ws} <= {p["window_number"] for p in posts}, h
        for p in posts:
            assert p["a"] != p["b"] and in_hall(p["a"], h) and in_hall(p["b"], h), p
            if p["department"] is not None:
                assert p["department"] in STATIONED[h], p
        for w in ws:
            if w["kind"] == "comprehensive":  # each comprehensive window: >= 2 part-time agents
                for p in posts:
                    if p["window_number"] == w["number"]:
                        assert people[p["a"]]["employment"] == people[p["b"]]["employment"] == "part_time", p

        # liaisons
        ls = [l for l in LIAISONS if l["hall"] == h]
        assert sorted((l["department"] or "") for l in ls) == sorted([""] + list(STATIONED[h])), h
        for l in ls:
            assert in_hall(l["agent"], h) and l["title"], l

        # kiosks
        ks = [k for k in KIOSKS if k["hall"] == h]
        assert len(ks) == {"city": 2, "county": 1, "town": 1, "village": 0}[lvl], h
        if ks:
            assert len(staff(h, role="helper")) >= 2, h
        for k in ks:
            assert len(k["helpers"]) >= 2 and all(in_hall(n, h, "helper") for n in k["helpers"]), k

    print(f"OK: {len(HALLS)} halls, {len(DEPARTMENTS)} departments, {len(ITEMS)} items, {len(BUNDLES)} bundles, "
          f"{len(PEOPLE)} people, {len(WINDOWS)} windows, {len(POSTS)} posts, {len(LIAISONS)} liaisons, "
          f"{len(KIOSKS)} kiosks")
