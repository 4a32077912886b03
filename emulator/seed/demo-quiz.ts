import { setLocalClockOffset } from '../../cloudfunctions/_shared/clock';
import type { QuestionInput } from '../../typings/quiz';
import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo quizzes: a popular-science question bank (health, anti-fraud, emergency safety, digital
 * life, food safety) imported by the demo head admin, an open city quiz, an upcoming one, an open
 * 渝中区 branch quiz, and a few finished attempts by demo learners so the leaderboards have rows.
 * Everything goes through the real quiz actions. Re-running is harmless: questions already in the
 * bank are reported as duplicates, quizzes are found by title, learners with a result are skipped.
 */
export const DEMO_QUESTIONS: QuestionInput[] = [
  // 健康
  { topic: '健康', type: 'single', stem: '按照《中国居民膳食指南（2022）》，成年人每天食盐摄入量不宜超过多少克？', options: ['5克', '10克', '15克', '20克'], answer: [0], explanation: '膳食指南建议成年人每天摄入食盐不超过5克。酱油、咸菜、腊肉里也有盐，做菜可以用限盐勺。' },
  { topic: '健康', type: 'single', stem: '在未使用降压药的情况下，非同日3次测量血压，达到下列哪项可诊断为高血压？', options: ['收缩压≥120毫米汞柱', '收缩压≥140毫米汞柱和（或）舒张压≥90毫米汞柱', '舒张压≥80毫米汞柱', '收缩压≥160毫米汞柱且舒张压≥100毫米汞柱'], answer: [1], explanation: '我国高血压诊断标准是诊室血压收缩压≥140毫米汞柱和（或）舒张压≥90毫米汞柱。' },
  { topic: '健康', type: 'single', stem: '在家测量血压前，应先安静休息至少多长时间？', options: ['1分钟', '5分钟', '30分钟', '1小时'], answer: [1], explanation: '测量前安静休息至少5分钟，测量前30分钟内不吸烟、不喝咖啡或浓茶，坐姿测量，手臂与心脏同高。' },
  { topic: '健康', type: 'judge', stem: '感冒了就应该吃抗生素（消炎药），好得更快。', options: ['正确', '错误'], answer: [1], explanation: '普通感冒大多由病毒引起，抗生素对病毒无效。滥用抗生素还会产生耐药性，应在医生指导下用药。' },
  { topic: '健康', type: 'multiple', stem: '下列哪些是心脑血管疾病的危险因素？', options: ['吸烟', '高血压', '长期大量饮酒', '每周规律适量运动'], answer: [0, 1, 2], explanation: '吸烟、高血压、高血脂、糖尿病、肥胖、过量饮酒都是危险因素；规律运动有助于预防心脑血管疾病。' },
  { topic: '健康', type: 'single', stem: '识别中风的“中风120”口诀中，“0”指的是什么？', options: ['聆听说话是否口齿不清、表达困难', '查看两只手臂平举时是否一侧无力', '看一张脸是否不对称、口角歪斜', '测量体温是否超过38℃'], answer: [0], explanation: '“1”看一张脸不对称，“2”查两只手臂单侧无力，“0”聆听语言不清。出现任何一项，立即拨打120。' },
  { topic: '健康', type: 'judge', stem: '预防骨质疏松只要补钙就够了，不需要晒太阳和运动。', options: ['正确', '错误'], answer: [1], explanation: '钙要在维生素D的帮助下吸收，适当晒太阳能让皮肤合成维生素D；负重运动能增强骨骼，三者都重要。' },
  { topic: '健康', type: 'single', stem: '成年人每周应至少进行累计多长时间的中等强度身体活动？', options: ['30分钟', '60分钟', '150分钟', '600分钟'], answer: [2], explanation: '膳食指南和世界卫生组织都建议成年人每周至少150分钟中等强度身体活动，如快走、太极拳。' },
  { topic: '健康', type: 'single', stem: '空腹血糖达到或超过多少，可作为诊断糖尿病的依据之一？', options: ['5.6毫摩尔/升', '6.1毫摩尔/升', '7.0毫摩尔/升', '11.1毫摩尔/升'], answer: [2], explanation: '有糖尿病症状且空腹血糖≥7.0毫摩尔/升（或随机血糖≥11.1毫摩尔/升）可诊断，需由医生综合判断。' },
  { topic: '健康', type: 'judge', stem: '保健食品可以代替药物治疗疾病。', options: ['正确', '错误'], answer: [1], explanation: '保健食品不是药品，不能预防和治疗疾病。宣称能治病的保健食品，多半是虚假宣传。' },
  // 防诈骗
  { topic: '防诈骗', type: 'single', stem: '接到自称“公安局”的电话，说您涉嫌洗钱，要求把存款转到“安全账户”配合调查，应该怎么做？', options: ['按对方要求尽快转账', '挂断电话，拨打110或到派出所核实', '把银行卡号和密码告诉对方', '去宾馆开房间配合视频“审讯”'], answer: [1], explanation: '公检法机关不会通过电话办案，更没有所谓“安全账户”。凡是要求转账到“安全账户”的都是诈骗。' },
  { topic: '防诈骗', type: 'judge', stem: '陌生人自称银行工作人员，要您提供手机收到的短信验证码，告诉他没关系。', options: ['正确', '错误'], answer: [1], explanation: '验证码就是您账户的“钥匙”，银行工作人员不会索要验证码。任何人索要验证码都要拒绝。' },
  { topic: '防诈骗', type: 'multiple', stem: '下列哪些说法是常见的诈骗话术？', options: ['“刷单返利，动动手指日赚几百”', '“您的医保卡被冒用，需要转账解冻”', '“听讲座送鸡蛋，专家现场推荐神药”', '“社区通知：本周六上午在服务中心免费量血压”'], answer: [0, 1, 2], explanation: '刷单返利、冒充医保局、会销推销保健品都是常见骗局。社区的正规通知不会要求转账或购买产品。' },
  { topic: '防诈骗', type: 'single', stem: '全国公安机关反诈预警劝阻专线号码是多少？接到它请放心接听。', options: ['110', '96110', '12345', '12315'], answer: [1], explanation: '96110是反诈预警劝阻专线，接到来电说明您或家人可能正在遭遇诈骗，请务必接听并听从劝阻。' },
  { topic: '防诈骗', type: 'single', stem: '可以开启来电预警、举报诈骗线索的官方手机应用是哪一个？', options: ['国家反诈中心', '陌生人发来的“安全防护”软件', '“网贷秒批”应用', '“刷单赚钱”应用'], answer: [0], explanation: '“国家反诈中心”App由公安部推出，可开启来电预警、举报诈骗，请在正规应用商店下载。' },
  { topic: '防诈骗', type: 'judge', stem: '有人自称孙子“换了新号码”，急需用钱，应该先通过原来的号码或其他亲属核实。', options: ['正确', '错误'], answer: [0], explanation: '冒充亲友借钱是常见诈骗。先用原来的号码打回去，或问问其他家人，核实清楚再说。' },
  { topic: '防诈骗', type: 'single', stem: '有人推销“养老项目”，承诺保本保息、年收益20%以上，这很可能是什么？', options: ['正规银行理财', '国家养老政策', '非法集资', '社区福利'], answer: [2], explanation: '承诺高息、保本、拉人头是非法集资的典型特征。投资理财请到正规金融机构咨询。' },
  { topic: '防诈骗', type: 'multiple', stem: '防范电信网络诈骗，下列做法正确的有？', options: ['不点击短信里的陌生链接', '不向陌生人透露身份证号、银行卡号', '转账汇款前多和家人商量核实', '为了领奖品先交“手续费”'], answer: [0, 1, 2], explanation: '牢记“未知链接不点击、陌生来电不轻信、个人信息不透露、转账汇款多核实”。要先交钱的“中奖”都是骗局。' },
  // 应急安全
  { topic: '应急安全', type: 'single', stem: '发生火灾时，应拨打哪个电话报警？', options: ['110', '119', '120', '122'], answer: [1], explanation: '119是火警电话，报警时说清楚地址、着火物和火势，以及有无人员被困。' },
  { topic: '应急安全', type: 'single', stem: '发现有人触电，第一步应该怎么做？', options: ['立即用手把人拉开', '先切断电源，或用干燥的木棍等绝缘物挑开电线', '往触电者身上泼水', '马上给触电者喝水'], answer: [1], explanation: '直接接触触电者，施救者也会触电。先断电，再施救并拨打120。' },
  { topic: '应急安全', type: 'judge', stem: '闻到家中燃气泄漏的气味，应立即打开抽油烟机或排气扇把燃气排出去。', options: ['正确', '错误'], answer: [1], explanation: '开关电器可能产生电火花引发爆炸。应关闭燃气阀门、打开门窗通风，到室外再打电话求助。' },
  { topic: '应急安全', type: 'single', stem: '为成年人做心肺复苏时，胸外按压的频率应为每分钟多少次？', options: ['60～80次', '80～100次', '100～120次', '140～160次'], answer: [2], explanation: '成人胸外按压频率为每分钟100～120次，按压深度5～6厘米，每次按压后让胸廓完全回弹。' },
  { topic: '应急安全', type: 'single', stem: '为成年人做胸外按压时，按压深度应为多少？', options: ['1～2厘米', '3～4厘米', '5～6厘米', '8～10厘米'], answer: [2], explanation: '成人按压深度5～6厘米，太浅无效，太深易造成损伤。' },
  { topic: '应急安全', type: 'multiple', stem: '高楼发生火灾时，下列逃生做法正确的有？', options: ['用湿毛巾捂住口鼻', '弯腰低姿沿疏散通道撤离', '乘坐电梯快速下楼', '无法撤离时关紧房门，用湿布堵住门缝并呼救'], answer: [0, 1, 3], explanation: '火灾时电梯可能断电停运，还会成为“烟囱”，千万不要乘电梯逃生。' },
  { topic: '应急安全', type: 'judge', stem: '地震时如果在楼房里，应该立即跳楼逃生。', options: ['正确', '错误'], answer: [1], explanation: '地震时应就近躲避在坚固家具旁或内墙角，做到“伏地、遮挡、手抓牢”，震后再有序撤离。' },
  { topic: '应急安全', type: 'single', stem: '炒菜时油锅起火，正确的灭火方法是？', options: ['立即用水浇灭', '盖上锅盖并关闭燃气', '端起油锅往外跑', '用嘴吹灭'], answer: [1], explanation: '油比水轻，用水浇会让燃烧的油飞溅，火势更大。盖上锅盖隔绝空气，再关火。' },
  { topic: '应急安全', type: 'single', stem: '发现老人跌倒在地、意识不清，应该怎么做？', options: ['马上用力把老人扶起来', '立即拨打120，不要随意搬动，必要时进行心肺复苏', '给老人喂水喂药', '先让老人自己慢慢爬起来'], answer: [1], explanation: '跌倒可能造成骨折或脑部损伤，随意搬动会加重伤情。呼叫120，观察呼吸，必要时心肺复苏。' },
  { topic: '应急安全', type: 'judge', stem: '电动自行车可以推进楼道或家中充电。', options: ['正确', '错误'], answer: [1], explanation: '电动自行车电池起火蔓延快、烟气毒性大。严禁在楼道、楼梯间、安全出口和室内充电停放，应到集中充电点充电。' },
  { topic: '应急安全', type: 'single', stem: '被狗咬伤后，正确的处理方法是？', options: ['用嘴吸出伤口的血', '涂点牙膏或酱油就行', '立即用肥皂水和流动清水交替冲洗伤口约15分钟，并尽快接种狂犬病疫苗', '只要狗是家养的就不用处理'], answer: [2], explanation: '冲洗伤口能大大减少病毒，然后尽快到狂犬病预防处置门诊接种疫苗，必要时注射免疫球蛋白。' },
  // 数字生活
  { topic: '数字生活', type: 'single', stem: '用手机付款时，下列哪种做法更安全？', options: ['在公共场所连接免费无线网络付款', '把支付密码设成自己的生日', '开启支付密码和指纹验证，不把手机交给陌生人操作', '扫描来路不明的二维码领红包'], answer: [2], explanation: '支付密码不要用生日等简单数字；不扫来历不明的二维码；公共免费无线网络可能被人监听。' },
  { topic: '数字生活', type: 'judge', stem: '微信里收到陌生人发来的“领红包”链接，可以点开并填写银行卡信息。', options: ['正确', '错误'], answer: [1], explanation: '这类链接常是钓鱼网站，填写的银行卡号、密码、验证码会被骗子盗用。' },
  { topic: '数字生活', type: 'multiple', stem: '关于设置密码，下列做法正确的有？', options: ['不用生日、手机号作密码', '不同的账户尽量用不同的密码', '把密码写在手机壳背面方便查看', '不把密码告诉任何人'], answer: [0, 1, 3], explanation: '密码写在手机上，手机丢了账户也就丢了。记不住可以请家人帮忙用安全的方法保管。' },
  { topic: '数字生活', type: 'single', stem: '收到短信说“您的快递丢失，点击链接办理理赔”，应该怎么做？', options: ['马上点链接填写信息', '通过快递公司官方电话或官方App核实', '按短信里的号码回电并按提示转账', '把短信转发给朋友一起领'], answer: [1], explanation: '“快递理赔”是常见诈骗。快递公司理赔不会让您点陌生链接或先转账，请通过官方渠道核实。' },
  { topic: '数字生活', type: 'single', stem: '在网上预约挂号，应该通过什么渠道？', options: ['陌生人发来的“加急挂号”链接', '医院官方公众号、官方App或正规挂号平台', '街边广告上的“专家号代挂”电话', '任何能挂号的网站都可以'], answer: [1], explanation: '“号贩子”和假冒挂号网站会收取高额费用甚至骗取个人信息。请认准医院官方渠道。' },
  { topic: '数字生活', type: 'judge', stem: '不少手机应用有“长辈模式”或“关怀模式”，可以把字体调大、界面变简单。', options: ['正确', '错误'], answer: [0], explanation: '微信等常用应用都提供关怀模式，可在“设置”中开启，字更大、按钮更清楚。' },
  { topic: '数字生活', type: 'single', stem: '视频通话里“熟人”说急需借钱，画面和声音都很像，最稳妥的做法是？', options: ['看着像就马上转账', '挂断后用原来存的电话号码打回去核实', '按对方发来的新账号转账', '先转一半试试'], answer: [1], explanation: '“AI换脸”“AI拟声”可以伪造视频和声音。涉及借钱转账，一定要用原有联系方式再次核实。' },
  { topic: '数字生活', type: 'judge', stem: '快递单上有姓名、电话和地址，扔掉前最好涂抹或撕毁。', options: ['正确', '错误'], answer: [0], explanation: '快递单上的个人信息可能被不法分子收集，用于诈骗。处理前把信息涂掉或撕碎。' },
  // 食品安全
  { topic: '食品安全', type: 'single', stem: '在家处理食物时，生食和熟食应该怎样？', options: ['用同一块砧板，洗一下就行', '分开存放和加工，刀具、砧板生熟分开', '放在一起节省冰箱空间', '熟食放在生肉下面'], answer: [1], explanation: '生肉、生海鲜里可能有细菌和寄生虫，生熟分开可以防止交叉污染。' },
  { topic: '食品安全', type: 'judge', stem: '发芽多、表皮大面积发绿的土豆，把芽挖掉后仍可放心食用。', options: ['正确', '错误'], answer: [1], explanation: '发芽和变绿的土豆含较多龙葵素，可引起中毒。发芽多或大面积变绿的土豆应丢弃。' },
  { topic: '食品安全', type: 'single', stem: '冰箱冷藏室的温度一般应保持在多少？', options: ['0～4℃', '8～12℃', '15～20℃', '20～25℃'], answer: [0], explanation: '冷藏室保持在4℃左右及以下能减缓细菌繁殖；但冰箱不是“保险箱”，食物也不宜久放。' },
  { topic: '食品安全', type: 'multiple', stem: '购买预包装食品时，应注意查看包装上的哪些信息？', options: ['生产日期和保质期', '配料表', '食品生产许可证编号（SC开头）', '包装颜色是否鲜艳'], answer: [0, 1, 2], explanation: '看日期、看配料、看SC编号，选择正规厂家的产品。包装鲜艳与否和食品安全无关。' },
  { topic: '食品安全', type: 'single', stem: '怎样判断野生蘑菇是否有毒？', options: ['用银针试，不变黑就没毒', '颜色不鲜艳的就没毒', '普通人很难辨别，不采、不买、不吃野生蘑菇', '和大蒜一起煮，大蒜不变色就没毒'], answer: [2], explanation: '民间“验毒”方法都不可靠，毒蘑菇中毒可致命。误食后出现不适要立即就医，并保留剩余蘑菇。' },
  { topic: '食品安全', type: 'judge', stem: '剩饭剩菜在室温下放一整夜，第二天热透了就一定安全。', options: ['正确', '错误'], answer: [1], explanation: '有些细菌产生的毒素加热也难以破坏。剩饭菜应在2小时内放进冰箱，吃前彻底加热。' },
  { topic: '食品安全', type: 'single', stem: '四季豆（菜豆）没有烧熟煮透容易引起中毒，主要是因为含有什么？', options: ['皂素和植物血凝素', '亚硝酸盐', '龙葵素', '黄曲霉毒素'], answer: [0], explanation: '四季豆要炒熟煮透，直到失去原有的生绿色和豆腥味，才能破坏其中的皂素和植物血凝素。' },
  { topic: '食品安全', type: 'judge', stem: '发霉的花生、玉米可能含有黄曲霉毒素，应该丢弃不吃。', options: ['正确', '错误'], answer: [0], explanation: '黄曲霉毒素是强致癌物，一般烹调温度难以破坏。发霉的粮食、坚果不要吃，也不要用来喂家禽。' },
];

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function must<T>(host: FunctionHost, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await host.invoke('quiz', event, { openid })) as Envelope<T>;
  if (!res.ok) throw new Error(`demo seed: quiz.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

function iso(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

interface DemoQuiz {
  title: string;
  scope: 'city' | 'branch';
  branchId?: string;
  startsInDays: number;
  days: number;
  questionCount: number;
  timeLimitSec: number;
  attemptsPerDay: number;
  topic?: string;
  creator: string;
}

async function ensureQuiz(host: FunctionHost, q: DemoQuiz, existing: Array<{ id: string; title: string }>): Promise<string> {
  const found = existing.find((e) => e.title === q.title);
  if (found) return found.id;
  const now = Date.now();
  const { creator, startsInDays, days, ...rest } = q;
  const startsAt = now + startsInDays * 86_400_000;
  const data = await must<{ quizId: string }>(host, { action: 'create', ...rest, startsAt: iso(startsAt), endsAt: iso(startsAt + days * 86_400_000) }, creator);
  return data.quizId;
}

export async function seedQuizDemo(host: FunctionHost): Promise<void> {
  const head = DEMO_ACCOUNTS.headAdmin;
  await must(host, { action: 'importQuestions', questions: DEMO_QUESTIONS }, head);

  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const listed = await must<{ items: Array<{ id: string; title: string }> }>(host, { action: 'list', limit: 100 }, head);
  const cityQuiz = await ensureQuiz(
    host,
    { title: `${year}年社区科普知识网络竞答`, scope: 'city', startsInDays: -1, days: 30, questionCount: 10, timeLimitSec: 600, attemptsPerDay: 3, creator: head },
    listed.items,
  );
  await ensureQuiz(
    host,
    { title: `${year}年全国科普日知识竞答`, scope: 'city', startsInDays: 14, days: 7, questionCount: 15, timeLimitSec: 900, attemptsPerDay: 2, creator: head },
    listed.items,
  );
  const branchQuiz = await ensureQuiz(
    host,
    { title: '渝中区分校防诈骗知识竞答', scope: 'branch', branchId: 'br_500103', startsInDays: -1, days: 20, questionCount: 5, timeLimitSec: 300, attemptsPerDay: 2, topic: '防诈骗', creator: DEMO_ACCOUNTS.branchAdminYuzhong },
    listed.items,
  );

  // The bank's answers, to play a few attempts through the real start/submit.
  const bank = new Map<string, { options: string[]; answer: number[] }>();
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string; options: string[]; answer: number[] }>; nextCursor: string | null } = await must(
      host,
      { action: 'listQuestions', limit: 100, ...(cursor ? { cursor } : {}) },
      head,
    );
    for (const q of page.items) bank.set(q.id, q);
    cursor = page.nextCursor;
  } while (cursor);

  const plays: Array<{ openid: string; quizId: string; correct: number }> = [
    { openid: DEMO_ACCOUNTS.learners[0], quizId: cityQuiz, correct: 10 },
    { openid: DEMO_ACCOUNTS.learners[1], quizId: cityQuiz, correct: 9 },
    { openid: DEMO_ACCOUNTS.learners[2], quizId: cityQuiz, correct: 7 },
    { openid: DEMO_ACCOUNTS.learners[4], quizId: cityQuiz, correct: 9 },
    { openid: DEMO_ACCOUNTS.learners[5], quizId: cityQuiz, correct: 6 },
    { openid: DEMO_ACCOUNTS.learners[1], quizId: branchQuiz, correct: 5 },
    { openid: DEMO_ACCOUNTS.learners[3], quizId: branchQuiz, correct: 4 },
  ];
  for (const [i, p] of plays.entries()) {
    const mine = await must<{ best: unknown }>(host, { action: 'myBest', quizId: p.quizId }, p.openid);
    if (mine.best) continue;
    const s = await must<{ attemptId: string; questions: Array<{ id: string; options: string[] }> }>(host, { action: 'start', quizId: p.quizId }, p.openid);
    const answers = s.questions.map((q, i) => {
      const b = bank.get(q.id);
      const right = b ? b.answer.map((a) => q.options.indexOf(b.options[a])).sort((x, y) => x - y) : [0];
      const wrong = [q.options.findIndex((_, j) => right.indexOf(j) < 0)];
      return { questionId: q.id, choice: i < p.correct ? right : wrong };
    });
    // Hand in a few minutes later on the functions' clock, so the boards show real-looking times.
    setLocalClockOffset((60 + 23 * i) * 1000);
    try {
      await must(host, { action: 'submit', attemptId: s.attemptId, answers }, p.openid);
    } finally {
      setLocalClockOffset(0);
    }
  }
}
