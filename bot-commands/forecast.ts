import type { DealForecast, ForecastFigures } from '../src/crm/deals/forecast-deals.js';
import type { ForecastUnit } from '../src/crm/deals/forecast-period.js';
import { InvalidInput } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { foldWidth } from './framework/fold-width.js';
import type { CrmServices } from './support/crm-services.js';
import { formatAmount } from './support/format-amount.js';

const UNITS: Record<string, ForecastUnit[]> = {
  '': ['month', 'quarter'],
  月: ['month'], 本月: ['month'], 月度: ['month'], month: ['month'],
  季: ['quarter'], 本季: ['quarter'], 季度: ['quarter'], 本季度: ['quarter'], quarter: ['quarter'],
};
const UNIT_NAMES: Record<ForecastUnit, string> = { month: '本月', quarter: '本季度' };

function figuresText(f: ForecastFigures, currency: string): string {
  const money = (n: number) => formatAmount(n, currency);
  return `加权 ${money(f.weighted)} · 承诺 ${money(f.commit)}（${f.commitDeals} 单）· 管道 ${money(f.pipeline)}（${f.deals} 单）· 已赢单 ${money(f.won)}（${f.wonDeals} 单）`;
}

function forecastLines(forecast: DealForecast): string[] {
  const head = `${UNIT_NAMES[forecast.period.unit]} ${forecast.period.key}：${figuresText(forecast.total, forecast.currency)}`;
  const owners = forecast.byOwner.map((o) => `  · ${o.name}：${figuresText(o, forecast.currency)}`);
  const other = forecast.otherCurrencyDeals ? [`  （另有 ${forecast.otherCurrencyDeals} 单非 ${forecast.currency} 商机未计入）`] : [];
  return [head, ...(owners.length ? owners : ['  · 暂无预计本期成交的商机']), ...other];
}

/**
 * The sales forecast for managers and admins: this month's and this quarter's weighted pipeline
 * (Σ amount × probability), commit (deals ≥ 70%) and wins, per owner, over the caller's team.
 */
export const forecastCommand = defineCommand<'period', CrmServices>({
  name: 'forecast',
  aliases: ['预测', '销售预测'],
  pinyin: ['yuce', 'yc'],
  summary: '本月/本季度销售预测（经理、管理员）',
  en: { summary: 'Sales forecast for this month / quarter (managers, admins)', usage: '/forecast [month|quarter]' },
  args: [{ name: 'period', label: '本月|本季度', required: false }],
  permission: 'everyone',
  help: '按负责人列出本月和本季度预计成交的商机：加权金额（金额 × 赢率）、承诺（赢率 ≥ 70%）、管道总额和已赢单，范围是你能看到的团队。加「本月」或「本季度」只看一个。',
  examples: ['/预测', '/预测 本季度', '/forecast month'],
  async handler(ctx, { args, line }) {
    const units = UNITS[foldWidth(args.period).trim().toLowerCase()];
    if (!units) throw new InvalidInput(`period: 没有「${args.period}」这个区间。可选：本月、本季度（month / quarter）。`);
    const english = /^[a-z]/.test(line.name);
    const refusal = english
      ? 'The forecast is for managers and admins; use /deal <customer> to see your own deals.'
      : '销售预测面向经理和管理员；发送 /商机 <客户> 查看你自己的商机。';
    const forecasts = [];
    for (const unit of units) forecasts.push(await ctx.services.forecastForActor(ctx.actor, { unit, now: ctx.now, refusal }));
    return { type: 'text', text: ['📈 销售预测', ...forecasts.flatMap(forecastLines)].join('\n') };
  },
});
