// The raw material of the demo commission: its units, names, posts, the enforcement matters a
// district housing & construction commission handles, counterparts and reference numbers.
// Fictitious throughout: names are drawn from common surnames and given names, companies are
// invented, identity numbers are masked.

export interface UnitSpec {
  key: string;
  name: string;
  shortCode: string;
  kind: 'commission' | 'section' | 'subordinate';
  parent?: string;
  /** enforcement work happens here: its staff hold 行政执法证 */
  enforces: boolean;
  /** posts of its staff, the first one is the head */
  posts: string[];
  staff: number;
}

export const UNITS: UnitSpec[] = [
  { key: 'root', name: '重庆市巴南区住房和城乡建设委员会', shortCode: 'BNZJW', kind: 'commission', enforces: false, posts: ['党委书记、主任', '党委委员、副主任', '党委委员、副主任', '党委委员、纪检组长'], staff: 4 },
  { key: 'bgs', name: '办公室', shortCode: 'BGS', kind: 'section', parent: 'root', enforces: false, posts: ['主任', '科员'], staff: 2 },
  { key: 'fzk', name: '法制科', shortCode: 'FZK', kind: 'section', parent: 'root', enforces: false, posts: ['科长', '副科长', '法制审核员', '法制审核员', '科员'], staff: 5 },
  { key: 'jzglk', name: '建筑管理科', shortCode: 'JZGLK', kind: 'section', parent: 'root', enforces: true, posts: ['科长', '副科长', '科员', '科员'], staff: 4 },
  { key: 'csjsk', name: '城市建设科', shortCode: 'CSJSK', kind: 'section', parent: 'root', enforces: true, posts: ['科长', '科员', '科员'], staff: 3 },
  { key: 'fdcglk', name: '房地产管理科', shortCode: 'FDCGLK', kind: 'section', parent: 'root', enforces: true, posts: ['科长', '副科长', '科员'], staff: 3 },
  { key: 'zaz', name: '建设工程质量安全监督站', shortCode: 'ZAZ', kind: 'subordinate', parent: 'root', enforces: true, posts: ['站长', '副站长', '监督员', '监督员', '监督员'], staff: 5 },
  { key: 'zfzd', name: '建设工程执法支队', shortCode: 'ZFZD', kind: 'subordinate', parent: 'root', enforces: true, posts: ['支队长', '副支队长'], staff: 2 },
  { key: 'zfzd1', name: '执法一大队', shortCode: 'ZFZD1', kind: 'subordinate', parent: 'zfzd', enforces: true, posts: ['大队长', '执法队员', '执法队员', '执法队员', '执法辅助人员'], staff: 5 },
  { key: 'zfzd2', name: '执法二大队', shortCode: 'ZFZD2', kind: 'subordinate', parent: 'zfzd', enforces: true, posts: ['大队长', '执法队员', '执法队员', '执法队员'], staff: 4 },
  { key: 'wyzx', name: '物业管理中心', shortCode: 'WYZX', kind: 'subordinate', parent: 'root', enforces: true, posts: ['主任', '科员', '科员'], staff: 3 },
];

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '胡', '朱', '郭', '何', '罗', '高', '林',
  '谭', '冉', '彭', '邓', '曾', '袁', '蒋', '唐', '向', '秦', '况', '蔡', '熊', '钟', '余', '廖', '程', '文', '谢', '雷',
];
export const GIVEN_NAMES = [
  '建国', '志强', '海涛', '晓燕', '丽娟', '明', '伟', '静', '勇', '霞', '俊杰', '雪梅', '光荣', '春华', '红梅', '德明', '永红',
  '鹏', '涛', '婷', '磊', '敏', '洁', '斌', '昊', '玉兰', '文军', '小平', '庆', '川', '渝生', '家豪', '思远', '宇航', '佳怡',
  '若曦', '国强', '卫东', '兴华', '淑芬', '大伟', '长江', '嘉陵', '巴山', '晓东', '立新', '秀英', '晨', '一鸣', '浩然',
];

export const COMPANY_WORDS = ['渝南', '巴渝', '鱼洞', '李家沱', '龙洲湾', '界石', '南泉', '花溪', '东泉', '一品', '惠民', '长生', '圣灯山', '天星寺', '木洞', '南彭', '麻柳嘴', '双河口', '石龙', '姜家'];

export const COMPANY_KINDS = {
  construction: ['建设工程有限公司', '建筑工程有限公司', '市政工程有限公司', '建筑劳务有限公司'],
  developer: ['房地产开发有限公司', '置业有限公司'],
  property: ['物业服务有限公司', '物业管理有限公司'],
  agency: ['房地产经纪有限公司'],
  decoration: ['装饰工程有限公司'],
} as const;
export type CompanyKind = keyof typeof COMPANY_KINDS;

export const PROJECT_NAMES = ['滨江花园', '龙洲湾一号', '鱼洞老街改造', '巴南万达广场', '融汇温泉城', '南泉半山', '界石物流园', '李家沱滨江路', '花溪工业园', '渝南大道', '龙海大道', '惠民新城', '云篆山安置房'];

export interface MatterSpec {
  kind: 'penalty' | 'licence' | 'inspection' | 'compulsory';
  /** which units handle it */
  units: string[];
  counterpart: CompanyKind | 'person';
  title: (counterpart: string, project: string) => string;
  summary: (counterpart: string, project: string) => string;
}

export const MATTERS: MatterSpec[] = [
  {
    kind: 'penalty', units: ['zfzd1', 'zfzd2'], counterpart: 'developer',
    title: (c, p) => `${c}${p}项目未取得施工许可证擅自开工案`,
    summary: (c, p) => `经查，${c}建设的${p}项目未依法取得建筑工程施工许可证，擅自组织开工建设，违反《建筑法》第七条、《建设工程质量管理条例》第十三条。`,
  },
  {
    kind: 'penalty', units: ['zfzd1', 'zfzd2'], counterpart: 'person',
    title: (c) => `${c}违法建设案`,
    summary: (c) => `当事人${c}未取得建设工程规划许可证，在自有房屋屋顶擅自搭建彩钢棚约 60 平方米。`,
  },
  {
    kind: 'penalty', units: ['zfzd1', 'zfzd2', 'jzglk'], counterpart: 'construction',
    title: (c, p) => `${c}无资质承揽${p}项目施工案`,
    summary: (c, p) => `${c}未取得相应建筑业企业资质，承揽${p}项目土建施工，违反《建筑法》第二十六条。`,
  },
  {
    kind: 'penalty', units: ['zfzd1', 'zfzd2', 'csjsk'], counterpart: 'construction',
    title: (c, p) => `${c}${p}施工擅自占用城市道路案`,
    summary: (c, p) => `${c}在${p}施工中未经批准占用城市道路堆放建筑材料，影响通行。`,
  },
  {
    kind: 'penalty', units: ['zaz'], counterpart: 'construction',
    title: (c, p) => `${c}${p}项目施工现场安全生产违规案`,
    summary: (c, p) => `${c}在${p}项目施工中未按规定设置临边防护、塔吊未经检测投入使用，违反《建设工程安全生产管理条例》。`,
  },
  {
    kind: 'penalty', units: ['zaz', 'zfzd1'], counterpart: 'construction',
    title: (c, p) => `${c}${p}项目扬尘污染防治措施不到位案`,
    summary: (c, p) => `${c}在${p}项目施工现场未采取覆盖、冲洗等扬尘防治措施。`,
  },
  {
    kind: 'penalty', units: ['fdcglk'], counterpart: 'developer',
    title: (c, p) => `${c}${p}未取得预售许可证预售商品房案`,
    summary: (c, p) => `${c}在未取得商品房预售许可证的情况下，以收取"意向金"方式预售${p}项目商品房。`,
  },
  {
    kind: 'penalty', units: ['fdcglk'], counterpart: 'agency',
    title: (c) => `${c}发布虚假房源信息案`,
    summary: (c) => `${c}在网络平台发布虚假房源信息，违反《房地产经纪管理办法》第二十五条。`,
  },
  {
    kind: 'penalty', units: ['wyzx'], counterpart: 'property',
    title: (c, p) => `${c}${p}小区物业服务违规案`,
    summary: (c, p) => `${c}在${p}小区擅自改变物业服务用房用途，未按规定公示物业服务收费项目。`,
  },
  {
    kind: 'penalty', units: ['jzglk'], counterpart: 'developer',
    title: (c, p) => `${c}${p}项目未组织竣工验收擅自交付使用案`,
    summary: (c, p) => `${c}建设的${p}项目未组织竣工验收即交付业主使用，违反《建设工程质量管理条例》第十六条。`,
  },
  {
    kind: 'penalty', units: ['zfzd2'], counterpart: 'decoration',
    title: (c) => `${c}装修中擅自变动房屋承重结构案`,
    summary: (c, p) => `${c}在${p}住宅装修中擅自拆除承重墙体，违反《住宅室内装饰装修管理办法》第五条。`,
  },
  {
    kind: 'licence', units: ['jzglk'], counterpart: 'developer',
    title: (c, p) => `${c}${p}项目建筑工程施工许可`,
    summary: (c, p) => `受理${c}${p}项目施工许可申请，经审查核发建筑工程施工许可证。`,
  },
  {
    kind: 'licence', units: ['fdcglk'], counterpart: 'developer',
    title: (c, p) => `${c}${p}商品房预售许可`,
    summary: (c, p) => `受理${c}${p}项目商品房预售许可申请，经审查核发预售许可证。`,
  },
  {
    kind: 'inspection', units: ['zaz'], counterpart: 'construction',
    title: (c, p) => `${p}项目（${c}）建筑施工安全专项检查`,
    summary: (_c, p) => `对${p}项目开展建筑施工安全生产专项检查，发现隐患 5 处，责令限期整改。`,
  },
  {
    kind: 'inspection', units: ['wyzx'], counterpart: 'property',
    title: (c, p) => `${p}小区（${c}）物业服务质量检查`,
    summary: (_c, p) => `对${p}小区物业服务质量开展检查，发现消防通道堵塞等问题。`,
  },
  {
    kind: 'compulsory', units: ['zfzd1', 'zfzd2'], counterpart: 'construction',
    title: (c, p) => `查封${c}${p}项目施工现场`,
    summary: (c, p) => `${c}拒不停止${p}项目违法施工，依法查封施工现场、扣押施工机具。`,
  },
];

/** Number prefixes of the commission's decisions: 巴住建罚〔2025〕23号. */
export const NUMBER_PREFIX: Record<MatterSpec['kind'], string> = {
  penalty: '巴住建罚',
  licence: '巴住建许',
  inspection: '巴住建检',
  compulsory: '巴住建强',
};

export const REPORT_TEXTS = [
  '举报：执法支队对我公司作出的罚款决定认定事实不清，现场检查时未出示执法证件。',
  '反映执法人员在处罚中未听取陈述申辩，罚款金额明显偏高。',
  '投诉某执法队员对举报人打击报复，多次无故到举报人工地检查。',
  '反映我单位装修申报被无故拖延办理，超过法定期限仍未答复。',
  '举报执法人员收受开发商财物后对违法预售行为不予查处。',
  '反映物业管理中心对我小区物业违规问题多次投诉后仍不履行监管职责。',
  '来信反映某执法辅助人员独立对当事人作出处罚，现场无正式执法人员。',
  '反映施工许可审批中要求提交法定要件以外的材料，导致项目延误。',
];
