import type { Actor } from '../actor.js';
import { tableExportOf, type PreparedExport } from '../export/stream-table-export.js';
import type { Cell, ExportFormat } from '../export/table-writer.js';
import type { SurveyAnalysis } from './analyze-surveys.js';

/**
 * The analysis as a table to download: the grouped rows, or for `groupBy=staff` each staff
 * member against their department's average (the comparison managers print).
 */
export function prepareSurveyAnalysisExport(actor: Actor, analysis: SurveyAnalysis, format: ExportFormat): PreparedExport {
  const staff = analysis.groupBy === 'staff';
  const header = staff
    ? ['员工', '部门', '回复数', '平均分', 'NPS', '部门回复数', '部门平均分', '部门 NPS', '与部门平均差']
    : ['分组', '名称', '回复数', '平均分（1–5）', '1–5 答题数', 'NPS', 'NPS 答题数'];
  const rows: (readonly Cell[])[] = staff
    ? analysis.staffVsDepartment.map((s) => [s.name, s.department, s.responses, s.average, s.nps, s.departmentResponses, s.departmentAverage, s.departmentNps, s.difference])
    : analysis.rows.map((r) => [r.key, r.label, r.responses, r.average, r.scaleAnswers, r.nps, r.npsAnswers]);
  return tableExportOf(actor, {
    format,
    name: `survey-analysis-${analysis.groupBy}`,
    fileName: `survey-analysis-${analysis.groupBy}-${analysis.from}-${analysis.to}`,
    sheetName: '满意度分析',
    header,
    rows,
    auditEntity: 'survey_analysis_export',
    filters: { from: analysis.from, to: analysis.to, templateKey: analysis.templateKey, groupBy: analysis.groupBy },
  });
}
