import { describe, expect, it } from 'vitest';
import { closestMatches } from '../../../bot-commands/framework/closest-matches.js';
import { editDistance } from '../../../bot-commands/framework/edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['log', 'log', 0],
    ['lgo', 'log', 1],
    ['lg', 'log', 1],
    ['logg', 'log', 1],
    ['custmer', 'customer', 1],
    ['kitten', 'sitting', 3],
    ['客护', '客户', 1],
    ['户客', '客户', 1],
    ['跟近', '跟进', 1],
    ['', 'abc', 3],
    ['😀a', 'a', 1],
  ])('%j ↔ %j = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestMatches', () => {
  const names = ['help', '帮助', 'customer', '客户', 'log', '跟进', 'stage', '阶段', 'todo', '待办', 'remind', '提醒', 'report', '报表'];
  it.each([
    ['custmer', 'customer'],
    ['cust', 'customer'],
    ['CUSTOMR', 'customer'],
    ['lgo', 'log'],
    ['客护', '客户'],
    ['跟近', '跟进'],
    ['阶断', '阶段'],
    ['报告', '报表'],
    ['remid', 'remind'],
    ['客户资料', '客户'],
  ])('%j suggests %j first', (typed, expected) => {
    expect(closestMatches(typed, names)[0]).toBe(expected);
  });

  it.each(['zz', 'weather', '天气', 'x'])('%j has no close match', (typed) => {
    expect(closestMatches(typed, names)).toEqual([]);
  });

  it('returns at most `limit` matches, best first', () => {
    const r = closestMatches('repor', names, 2);
    expect(r[0]).toBe('report');
    expect(r.length).toBeLessThanOrEqual(2);
  });
});
