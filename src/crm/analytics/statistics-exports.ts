import type { Actor } from '../actor.js';
import { assertMayExport } from '../export/may-export.js';
import { type PreparedExport, tableExportOf } from '../export/stream-table-export.js';
import type { Cell, ExportFormat } from '../export/table-writer.js';
import { MONEY_METRICS, type AssessmentInput } from './assessment-input.js';
import { dimensionStatistics } from './dimension-statistics.js';
import { funnelStatistics } from './funnel-statistics.js';
import { repStatistics, type RepFigures } from './rep-statistics.js';
import { staffAssessment } from './staff-assessment.js';
import type { DimensionStatisticsInput, FunnelStatisticsInput, RepStatisticsInput } from './statistics-input.js';

/** Statistics are in 分; tables show 元 like every other export. */
const yuan = (minor: number) => Math.round(minor) / 100;

const figureCells = (f: RepFigures): Cell[] => [f.followUps, f.newCustomers, f.stageMoves, f.converted, f.dealsWon, yuan(f.wonAmount), f.contractsSigned, yuan(f.contractAmount), yuan(f.paymentAmount)];
const FIGURE_HEADER = ['跟进', '新客户', '阶段推进', '成交客户', '赢单数', '赢单金额(元)', '签约数', '签约金额(元)', '回款(元)'];

/** Each rep's figures beside their department's average member, one row each. */
export async function prepareRepStatisticsExport(actor: Actor, input: RepStatisticsInput & { format: ExportFormat }): Promise<PreparedExport> {
  await assertMayExport(actor, 'statistics');
  const stats = await repStatistics(actor, input);
  const rows: Cell[][] = stats.reps.flatMap((r) => [
    [r.name, r.departments.join('、'), '本人', ...figureCells(r.figures), r.target ? yuan(r.target.wonAmount) : ''],
    ...(r.departmentAverage ? [[r.name, r.departments[0]!, '部门平均', ...figureCells(r.departmentAverage), '']] : []),
  ]);
  return tableExportOf(actor, {
    format: input.format,
    name: `rep-statistics-${stats.from}-${stats.to}`,
    sheetName: 'statistics',
    header: ['员工', '部门', '口径', ...FIGURE_HEADER, '目标赢单金额(元)'],
    rows,
    auditEntity: 'statistics_export',
    filters: { table: `rep-statistics-${stats.from}-${stats.to}`, from: stats.from, to: stats.to },
  });
}

export async function prepareDimensionStatisticsExport(actor: Actor, input: DimensionStatisticsInput & { format: ExportFormat }): Promise<PreparedExport> {
  await assertMayExport(actor, 'statistics');
  const stats = await dimensionStatistics(actor, input);
  const rows: Cell[][] = stats.rows.map((r) => [r.value || '未填写', r.newCustomers, r.converted, r.conversionRate === null ? '' : r.conversionRate]);
  return tableExportOf(actor, {
    format: input.format,
    name: `customers-by-${stats.dimension}`,
    sheetName: 'statistics',
    header: [stats.dimension, '新客户', '成交', '转化率'],
    rows,
    auditEntity: 'statistics_export',
    filters: { table: `customers-by-${stats.dimension}`, from: stats.from, to: stats.to, dimension: stats.dimension },
  });
}

/** One row per funnel stage: reached, conversion to the next, median days in the stage. */
export async function prepareFunnelExport(actor: Actor, input: FunnelStatisticsInput & { format: ExportFormat }): Promise<PreparedExport> {
  await assertMayExport(actor, 'statistics');
  const stats = await funnelStatistics(actor, input);
  const rows: Cell[][] = stats.stages.map((s) => [s.name, s.key, s.reached, s.conversion ?? '', s.medianDays ?? '', s.stays]);
  return tableExportOf(actor, {
    format: input.format,
    name: `funnel-${stats.from}-${stats.to}`,
    sheetName: 'funnel',
    header: ['阶段', '代码', '到达客户', '转化到下一阶段', '停留天数中位数', '已结束停留'],
    rows,
    auditEntity: 'statistics_export',
    filters: { table: `funnel-${stats.from}-${stats.to}`, from: stats.from, to: stats.to },
  });
}

/** One row per person: each KPI's actual and score, the weighted total, the base, the department average. */
export async function prepareAssessmentExport(actor: Actor, input: AssessmentInput & { format: ExportFormat }): Promise<PreparedExport> {
  await assertMayExport(actor, 'statistics');
  const stats = await staffAssessment(actor, input);
  const rows: Cell[][] = stats.people.map((p) => [
    p.name,
    p.departments.join('、'),
    ...p.kpis.flatMap((k) => [MONEY_METRICS.includes(k.metric) ? yuan(k.actual) : k.actual, k.score]),
    p.total,
    stats.baseTotal,
    p.difference,
    p.departmentAverage ?? '',
  ]);
  return tableExportOf(actor, {
    format: input.format,
    name: `assessment-${stats.period}`,
    sheetName: 'assessment',
    header: ['员工', '部门', ...stats.kpis.flatMap((k) => [`${k.name}实际${MONEY_METRICS.includes(k.metric) ? '(元)' : ''}`, `${k.name}得分`]), '总分', '基准分', '差值', '部门平均'],
    rows,
    auditEntity: 'statistics_export',
    filters: { table: `assessment-${stats.period}`, period: stats.period },
  });
}
