/**
 * Notebook helpers: rich display in tslab (frames, summaries, codebooks,
 * invalid-value reports, progress), SVG charts, descriptive tables, form
 * completion, HTML reports, the demo projects, and the headless runner.
 */
export { inNotebook } from './kernel.js';
export { show, showHtml, showMarkdown, showImage, htmlOf, textOf, danfoToHtml, type HtmlRenderable } from './show.js';
export { escapeHtml, rowsToHtml, rowsToText, type RowsTableOptions } from './html.js';
export { frameToHtml, frameToText, frameView, FrameView, type FrameTableOptions } from './frame-table.js';
export { columnViews, type ColumnKind, type ColumnView, type TableSource } from './table-source.js';
export { summarize, summarizeValues, FrameSummary, type ColumnSummary } from './column-summary.js';
export { codebookToHtml, codebookToText } from './codebook-html.js';
export { valueReportToHtml } from './value-report.js';
export { progressDisplay, progressHtml } from './progress.js';
export { Chart, chartFromSpec, renderSvg, type VegaLiteSpec } from './charts/chart.js';
export { barSpec, histogramSpec, monthlySpec, cumulativeSpec, type CountRow, type ChartTitle } from './charts/specs.js';
export {
  distributionChart,
  countsChart,
  cumulativeChart,
  countRows,
  type ChartOptions,
  type CumulativeOptions,
} from './charts/frame-charts.js';
export { describeBy, DescriptiveTable, type DescriptiveRow } from './table-one.js';
export { formCompleteness, Completeness, type FormCompleteness } from './completeness.js';
export { HtmlReport, rawHtml, type ReportContent } from './html-report.js';
export {
  demoServer,
  startDemoServer,
  DemoServer,
  DEMO_URL_ENV,
  DEMO_TOKENS_ENV,
  type DemoProjectName,
} from './demo-server.js';
export {
  executeNotebook,
  executeNotebooks,
  notebooksToHtml,
  type NotebookRun,
  type RunOptions,
} from './run-notebooks.js';
export { notebookProblems, type NotebookProblem } from './notebook-file.js';
export { reportNotebooks, type ReportOptions, type ReportResult } from './report-notebooks.js';
