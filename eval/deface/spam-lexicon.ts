/**
 * Words, sentences and domain names of the SEO-spam and gambling kits seen on compromised
 * .gov.vn / .edu.vn / .go.id portals. Written by hand for the evaluation (never copied from a
 * corpus). Deliberately wide: the detector is judged on someone else's plants of the same
 * kinds, so no single word may be the thing that gives every plant away.
 */

export type SpamLang = 'vi' | 'vi-ascii' | 'id' | 'en' | 'zh' | 'th' | 'ja' | 'ko';

export const BRANDS = [
  '8kbet', 'jun88', 'new88', 'hi88', 'f8bet', 'shbet', '789bet', 'fb88', 'w88', 'fun88', 'kubet', 'ae888', 'mb66', 'okvip', 'go88',
  'sunwin', 'b52club', 'rikvip', 'hitclub', 'sv388', '188bet', 'vn88', 'nhatvip', 'iwin', 'typhu88', 'ku11', 'bk8', 'v9bet', 'debet',
  'slot88', 'sbobet', 'maxwin77', 'gacor88', 'zeus138', 'mpo500', 'dewa4d', 'toto88', 'pragmatic88', 'olympus1000', 'rajaslot',
  'luckycasino', 'betwinner', 'spinbet', 'royalace', '1xbet', 'mostbet', 'melbet',
];

const ANCHORS: Record<SpamLang, string[]> = {
  vi: [
    'nhà cái uy tín', 'cá cược bóng đá', 'nổ hũ', 'tài xỉu online', 'game bài đổi thưởng', 'link vào {brand}', '{brand}', 'đăng ký {brand}',
    'soi cầu lô đề', 'soi cầu miền bắc', 'kèo nhà cái', 'tỷ lệ kèo hôm nay', 'bắn cá đổi thưởng', 'casino trực tuyến', 'đá gà trực tiếp',
    'xổ số online', 'lô đề online', 'nhà cái {brand}', 'tải app {brand}', 'top nhà cái uy tín 2025', 'nạp tiền {brand}', 'cổng game {brand}',
    'xóc đĩa online', 'baccarat trực tuyến', 'kèo tài xỉu', 'trang chủ {brand}', 'khuyến mãi {brand} 100k', 'dự đoán xsmb', 'quay hũ đổi thưởng',
  ],
  'vi-ascii': [
    'nha cai uy tin', 'ca cuoc bong da', 'no hu', 'tai xiu', 'game bai doi thuong', 'link vao {brand}', '{brand} com', 'soi cau lo de',
    'keo nha cai', 'ban ca', 'da ga truc tiep', 'xo so mien bac', 'nha cai {brand}', 'dang ky {brand}', 'ty le keo', 'casino online uy tin',
  ],
  id: [
    'slot gacor', 'situs judi online', 'togel online', 'slot88', 'maxwin', 'rtp slot', 'judi bola', 'slot dana', 'situs toto', 'link alternatif {brand}',
    'bandar togel', 'slot thailand', 'scatter hitam', 'mahjong ways', 'slot gacor hari ini', 'slot deposit pulsa', 'agen judi terpercaya',
    'daftar {brand}', 'login {brand}', 'situs slot resmi', 'bocoran rtp', 'toto macau', 'akun pro thailand', 'slot777', 'demo slot pg',
  ],
  en: [
    'online casino', 'sports betting', 'buy viagra', 'cialis online', 'cheap cialis', 'payday loans', 'best online slots', 'free spins no deposit',
    'replica watches', 'levitra without prescription', 'crypto casino', 'poker online', 'real money casino', 'bet on football', '{brand} login',
    'no deposit bonus', 'buy tramadol', 'generic viagra 100mg', 'casino bonus codes', 'live roulette',
  ],
  zh: ['博彩', '娱乐城', '百家乐', '澳门赌场', '六合彩', '体育投注', '真人娱乐', '开元棋牌', '太阳城', '网上赌博', '皇冠体育', '时时彩', '{brand}官网', '亚博体育'],
  th: ['สล็อตเว็บตรง', 'บาคาร่า', 'แทงบอล', 'เว็บพนัน', 'สล็อต pg', 'คาสิโนออนไลน์', 'หวยออนไลน์', '{brand} เข้าสู่ระบบ'],
  ja: ['スーパーコピー', 'ブランドコピー 激安', 'ルイヴィトン 財布 偽物', 'オンラインカジノ', 'ブックメーカー', 'パチンコ 攻略', '{brand} 登録'],
  ko: ['토토사이트', '카지노사이트', '바카라사이트', '먹튀검증', '슬롯사이트', '스포츠토토', '{brand} 가입코드'],
};

const SENTENCES: Record<SpamLang, string[]> = {
  vi: [
    '{brand} là nhà cái uy tín hàng đầu Việt Nam, cung cấp cá cược thể thao, casino trực tuyến, nổ hũ và game bài đổi thưởng.',
    'Đăng ký tài khoản {brand} hôm nay để nhận ngay {n}K tiền thưởng, nạp rút siêu tốc chỉ trong 3 phút.',
    'Tham gia {brand} để trải nghiệm kho trò chơi tài xỉu, bắn cá, xổ số với tỷ lệ trả thưởng cao nhất thị trường.',
    'Link vào {brand} mới nhất không bị chặn, hỗ trợ khách hàng 24/7, bảo mật thông tin tuyệt đối.',
    'Soi cầu lô đề miền bắc chính xác 100%, dự đoán kết quả xổ số hôm nay miễn phí tại {brand}.',
    'Cập nhật tỷ lệ kèo nhà cái hôm nay, kèo châu Á, kèo tài xỉu và nhận định bóng đá chuẩn xác nhất.',
    'Cổng game {brand} – sân chơi đổi thưởng đẳng cấp, hoàn trả {n}% mỗi ngày cho thành viên mới.',
  ],
  'vi-ascii': [
    '{brand} nha cai uy tin so 1, ca cuoc the thao, no hu, tai xiu, dang ky nhan {n}k.',
    'Link vao {brand} moi nhat khong bi chan, nap rut nhanh, ho tro 24/7.',
  ],
  id: [
    '{brand} adalah situs slot gacor hari ini dengan RTP tertinggi dan peluang maxwin setiap hari.',
    'Daftar sekarang di {brand}, situs judi online terpercaya dengan deposit pulsa tanpa potongan mulai {n} ribu.',
    'Bocoran RTP slot live terbaru, pola gacor mahjong ways dan scatter hitam hanya di {brand}.',
    'Situs toto dan togel online resmi, pasaran terlengkap dengan diskon terbesar dan bayar berapapun kemenangan Anda.',
    'Link alternatif {brand} anti blokir, akses cepat dan aman untuk semua member Indonesia.',
  ],
  en: [
    'Play at {brand}, the best online casino with {n} free spins and instant withdrawals.',
    'Buy viagra and cialis online without prescription, discreet worldwide shipping, lowest prices guaranteed.',
    'Sports betting odds for every match today: football, tennis and basketball with a {n}% welcome bonus.',
    'Need cash fast? Payday loans approved in minutes, no credit check required.',
    'Top rated real money slots and live roulette, licensed and trusted by millions of players.',
  ],
  zh: ['{brand}娱乐城官方网站，提供百家乐、体育投注、真人娱乐，注册即送{n}元彩金。', '澳门赌场在线，网上赌博首选平台，六合彩、时时彩全天开奖。'],
  th: ['{brand} เว็บสล็อตเว็บตรง แตกง่าย ฝากถอนไม่มีขั้นต่ำ สมัครรับโบนัส {n}%', 'แทงบอลออนไลน์ บาคาร่า คาสิโนออนไลน์ ครบจบในเว็บเดียว'],
  ja: ['スーパーコピー時計とブランドバッグの激安通販、{brand}なら送料無料。', 'オンラインカジノ{brand}で今すぐ{n}ドルの入金不要ボーナス。'],
  ko: ['{brand} 토토사이트 안전놀이터, 신규가입 {n}% 보너스 지급.', '카지노사이트 바카라사이트 추천 순위 {brand} 먹튀검증 완료.'],
};

const TITLES: Record<SpamLang, string[]> = {
  vi: ['{brand} – Nhà Cái Uy Tín Số 1 Việt Nam | Đăng Ký Nhận {n}K', 'Link Vào {brand} Chính Thức {year} – Không Bị Chặn', 'Tài Xỉu Online Uy Tín – Game Bài Đổi Thưởng {brand}', 'Soi Cầu Lô Đề Miền Bắc Hôm Nay Chính Xác'],
  'vi-ascii': ['{brand} - Nha Cai Uy Tin - Link Vao {brand} Moi Nhat', 'Ca cuoc bong da {brand} | No hu doi thuong'],
  id: ['{brand}: Situs Slot Gacor Hari Ini Gampang Maxwin {year}', 'Daftar {brand} Link Alternatif Resmi Terpercaya', 'Situs Toto Togel Online Resmi {brand}'],
  en: ['{brand} Online Casino – {n} Free Spins No Deposit', 'Buy Cialis Online | Cheap Generic Pills', 'Best Sports Betting Site {year} – {brand}'],
  zh: ['{brand}娱乐城-百家乐官网-体育投注', '澳门赌场官方网站-真人娱乐'],
  th: ['{brand} สล็อตเว็บตรง อันดับ 1', 'แทงบอลออนไลน์ {brand}'],
  ja: ['スーパーコピー ブランド 激安通販 {brand}', 'オンラインカジノ {brand} 公式'],
  ko: ['{brand} 토토사이트 추천', '카지노사이트 {brand}'],
};

const SLUGS: Record<SpamLang, string[]> = {
  vi: ['nha-cai-uy-tin', 'ca-cuoc-bong-da', 'no-hu', 'tai-xiu', 'game-bai', 'soi-cau', 'keo-nha-cai', 'dang-ky', 'khuyen-mai'],
  'vi-ascii': ['nha-cai', 'tai-xiu-online', 'lo-de', 'link-vao'],
  id: ['slot-gacor', 'situs-judi', 'togel', 'rtp-slot', 'daftar', 'slot-dana', 'toto'],
  en: ['casino', 'betting', 'viagra', 'cialis-online', 'loans', 'slots', 'bonus'],
  zh: ['bocai', 'yulecheng', 'baijiale', 'tiyu'],
  th: ['slot', 'baccarat', 'ufabet'],
  ja: ['copy', 'brand', 'casino-jp'],
  ko: ['toto', 'casino', 'baccarat'],
};

export const TLDS = ['xyz', 'top', 'vip', 'club', 'site', 'online', 'fun', 'shop', 'live', 'bet', 'com', 'net', 'info', 'pro', 'icu', 'cc', 'me', 'win', 'asia', 'link', 'biz', 'org', 'io', 'store', 'casino', 'games'];

/** Syllables for names that look like nothing in particular (kits rotate throwaway domains). */
const SYLLABLES = ['ka', 'lo', 'mi', 'zen', 'tra', 'vo', 'qu', 'hex', 'pan', 'ri', 'sol', 'xi', 'bet', 'win', 'lux', 'neo', 'mo', 'ta', 'vin', 'gal', 'ro', 'den'];

/** Hosts that pass for infrastructure: the usual disguise of an injected <script src>. */
const CDN_LIKE = [
  'cdn-jquery.{tld}', 'jquery-min.{tld}', 'static-cdnjs.{tld}', 'gstatic-analytics.{tld}', 'googletagmanager-cdn.{tld}', 'ajax-libs.{tld}',
  'cloudflare-cdn.{tld}', 'wp-statistics.{tld}', 'fontawesome-cdn.{tld}', 'bootstrap-js.{tld}', 'metrics-{w}.{tld}', 'stat{n}.{tld}',
];

/** Other compromised institutional sites: spam is often hosted on them, so the domain looks respectable. */
const HIJACKED_HOSTS = [
  'sgd{w}.edu.vn', 'thpt{w}.edu.vn', 'ubnd{w}.gov.vn', 'pn-{w}.go.id', 'dinkes.{w}kab.go.id', 'siakad.univ{w}.ac.id', 'disdik.{w}.go.id',
  'journal.{w}.ac.id', 'lib.{w}.edu.ph', 'portal.{w}.gob.mx', '{w}.ac.th',
];

export type Rand = () => number;

export function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export function int(r: Rand, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function chance(r: Rand, p: number): boolean {
  return r() < p;
}

export function pickLang(r: Rand): SpamLang {
  // Weighted towards what hits Vietnamese and Indonesian government portals.
  const x = r();
  if (x < 0.36) return 'vi';
  if (x < 0.46) return 'vi-ascii';
  if (x < 0.7) return 'id';
  if (x < 0.84) return 'en';
  if (x < 0.91) return 'zh';
  if (x < 0.95) return 'th';
  return x < 0.98 ? 'ja' : 'ko';
}

function word(r: Rand): string {
  let w = '';
  const n = int(r, 2, 3);
  for (let i = 0; i < n; i++) w += pick(r, SYLLABLES);
  return w;
}

function fill(r: Rand, template: string, brand: string): string {
  return template
    .replaceAll('{brand}', brand)
    .replaceAll('{n}', String(pick(r, [50, 88, 100, 150, 200, 500, 888])))
    .replaceAll('{year}', String(pick(r, [2024, 2025])))
    .replaceAll('{tld}', pick(r, TLDS))
    .replaceAll('{w}', word(r));
}

export function brandName(r: Rand): string {
  return pick(r, BRANDS);
}

/** A throwaway or brand-like spam domain. */
export function spamDomain(r: Rand, brand?: string): string {
  const b = brand ?? brandName(r);
  const tld = pick(r, TLDS);
  switch (int(r, 0, 6)) {
    case 0: return `${word(r)}.${tld}`;
    case 1: return `${b}.${tld}`;
    case 2: return `${b}${pick(r, ['vn', 'id', 'vip', 'pro', 'app', 'top', '1', '2', 'x'])}.${tld}`;
    case 3: return `link-vao-${b}.${tld}`;
    case 4: return `${pick(r, ['www', 'm', 'go', 'vao', 'daftar', 'login'])}.${b}-${word(r)}.${tld}`;
    case 5: return fill(r, pick(r, HIJACKED_HOSTS), b);
    default: return `${word(r)}${int(r, 1, 999)}.${tld}`;
  }
}

export function cdnLikeDomain(r: Rand): string {
  return fill(r, pick(r, CDN_LIKE), '');
}

export function spamPath(r: Rand, lang: SpamLang): string {
  switch (int(r, 0, 4)) {
    case 0: return '/';
    case 1: return `/${pick(r, SLUGS[lang])}/`;
    case 2: return `/?id=${int(r, 1, 99999)}`;
    case 3: return `/${pick(r, SLUGS[lang])}-${int(r, 1, 999)}.html`;
    default: return `/${word(r)}/${pick(r, SLUGS[lang])}`;
  }
}

export function anchorText(r: Rand, lang: SpamLang, brand: string): string {
  return fill(r, pick(r, ANCHORS[lang]), brand);
}

export function spamSentence(r: Rand, lang: SpamLang, brand: string): string {
  return fill(r, pick(r, SENTENCES[lang]), brand);
}

export function spamTitle(r: Rand, lang: SpamLang, brand: string): string {
  return fill(r, pick(r, TITLES[lang]), brand);
}

export function spamKeywords(r: Rand, lang: SpamLang, brand: string): string {
  const n = int(r, 3, 8);
  const out = new Set<string>();
  for (let i = 0; i < n; i++) out.add(anchorText(r, lang, brand));
  return [...out].join(', ');
}
