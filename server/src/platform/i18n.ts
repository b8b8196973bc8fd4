import { ERRORS, type ErrorCode, type Locale } from '@yingji/contracts';

/** Picks zh-CN or en-US from an Accept-Language header; zh-CN is the default. */
export function localeFrom(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const langs = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const l of langs) {
    if (l.tag.startsWith('zh')) return 'zh-CN';
    if (l.tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  const e = ERRORS[code];
  return locale === 'en-US' ? e.en : e.zh;
}

interface Issue {
  path: string;
  code: string;
  message: string;
}

const ZH_ISSUE: Record<string, (p: Record<string, unknown>) => string> = {
  invalid_type: (p) => (p.input === undefined ? '必填' : `类型错误，应为 ${String(p.expected)}`),
  too_small: (p) =>
    p.origin === 'string'
      ? `长度至少 ${String(p.minimum)}`
      : p.origin === 'array'
        ? `至少 ${String(p.minimum)} 项`
        : `不能小于 ${String(p.minimum)}`,
  too_big: (p) =>
    p.origin === 'string'
      ? `长度至多 ${String(p.maximum)}`
      : p.origin === 'array'
        ? `至多 ${String(p.maximum)} 项`
        : `不能大于 ${String(p.maximum)}`,
  invalid_value: (p) => `取值无效，可选值：${Array.isArray(p.values) ? p.values.join(', ') : ''}`,
  invalid_format: () => '格式不正确',
  unrecognized_keys: (p) => `不允许的字段：${Array.isArray(p.keys) ? p.keys.join(', ') : ''}`,
  custom: () => '取值无效',
};

/** Turns fastify-type-provider-zod validation entries into field-level details in the request's language. */
export function validationDetails(
  validation: { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }[],
  context: string | undefined,
  locale: Locale,
): Issue[] {
  return validation.map((v) => {
    const code = v.keyword ?? 'custom';
    const params = v.params ?? {};
    const field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const en = v.message ?? 'invalid';
    const zhFn = ZH_ISSUE[code];
    const message = locale === 'en-US' ? en : zhFn ? `${zhFn(params)}（${en}）` : en;
    return { path: [context, field].filter(Boolean).join('.') || (context ?? ''), code, message };
  });
}
