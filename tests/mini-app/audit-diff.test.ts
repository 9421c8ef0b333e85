import { expect, test } from 'vitest';
import { auditDiff, showValue } from '../../mini-app/src/audit/audit-diff.js';

test('only the leaves that changed, nested paths and list items named, bookkeeping left out', () => {
  const before = { name: '星河', tags: ['a'], owner: { id: 1, name: '李雷' }, stages: [{ key: 'intent', names: { zh: '意向' } }], updatedAt: '2025-01-01' };
  const after = { name: '星河', tags: ['a', 'b'], owner: { id: 2, name: '李雷' }, stages: [{ key: 'intent', names: { zh: '有意向' } }], level: 'VIP', updatedAt: '2025-01-02' };
  expect(auditDiff(before, after)).toEqual([
    { path: 'tags', before: ['a'], after: ['a', 'b'] },
    { path: 'owner.id', before: 1, after: 2 },
    { path: 'stages[0].names.zh', before: '意向', after: '有意向' },
    { path: 'level', before: undefined, after: 'VIP' },
  ]);
});

test('a creation or a deletion lists every field against nothing', () => {
  expect(auditDiff(null, { name: '新客户' })).toEqual([{ path: 'name', before: undefined, after: '新客户' }]);
  expect(auditDiff({ name: '旧' }, null)).toEqual([{ path: 'name', before: '旧', after: undefined }]);
  expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([]);
});

test('values shown on one line', () => {
  expect([showValue(undefined), showValue(null), showValue('文本'), showValue(3), showValue(['a', 'b'])]).toEqual(['—', '—', '文本', '3', '["a","b"]']);
});
