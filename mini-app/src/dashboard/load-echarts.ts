/**
 * ECharts (only the charts and components the dashboard draws, see echarts-setup.ts) as a separate
 * chunk, fetched on demand: the first paint needs only Vue and the page. The module system keeps
 * one copy, so every chart awaits the same download.
 */
export const loadECharts = () => import('./echarts-setup.js');

export type ECharts = ReturnType<Awaited<ReturnType<typeof loadECharts>>['init']>;
