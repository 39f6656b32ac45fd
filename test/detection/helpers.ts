/** Small hand-written pages for detection tests (no corpus content). */
import { extractFeatures, learnProfile, pageFromHtml } from '../../server/src/detection/analyze.ts';
import type { PageProfile } from '../../server/src/detection/types.ts';

export const URL0 = 'https://portal.example.gov.vn/';

export function portal(n: number, extra = '', title = 'Cổng thông tin điện tử tỉnh Mẫu'): string {
  const news = Array.from({ length: 8 }, (_, i) => `<li><a href="/tin-tuc/${n}-${i}">Tin số ${n * 10 + i}: hội nghị triển khai nhiệm vụ ${n + i} của ủy ban</a></li>`).join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title>
<meta name="description" content="Thông tin chính thống của tỉnh"><link rel="canonical" href="${URL0}"></head>
<body><header><nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a> <a href="/van-ban">Văn bản</a> <a href="/lien-he">Liên hệ</a></nav></header>
<main><h1>Tin tức - sự kiện</h1><ul>${news}</ul><p>Bản tin ngày ${n}: các sở ngành tiếp tục thực hiện cải cách hành chính.</p></main>
<footer><p>Bản quyền thuộc Ủy ban nhân dân tỉnh Mẫu. Địa chỉ: số 1 đường Trung tâm.</p><a href="https://chinhphu.vn/">Chính phủ</a>${extra}</footer></body></html>`;
}

export function trainedProfile(count = 6): PageProfile {
  let p: PageProfile | null = null;
  for (let i = 0; i < count; i++) p = learnProfile(p, extractFeatures(pageFromHtml(portal(i), URL0)), new Date(2025, 0, i + 1), URL0);
  return p!;
}
