/**
 * The heatmap's colours, shared by the chart (heatmap.ts) and the XLSX matrix (xlsx.ts): red errors,
 * orange warnings, blue notices, three shades for 1, 2 and 3+ findings.
 */
import type { Severity } from "./overview.ts";

const SCALES: Record<Severity, readonly string[]> = {
  error: ["#f4b6b6", "#e06666", "#b40000"],
  warning: ["#fde2b3", "#f6b04d", "#c76d00"],
  notice: ["#d6e6f7", "#8db3e2", "#2f6db5"],
};
export const SEVERITY_NAMES: Record<Severity, string> = { error: "错误", warning: "警告", notice: "提示" };
export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "notice"];

export function cellColour(severity: Severity, count: number): string {
  const scale = SCALES[severity];
  return scale[Math.min(count, scale.length) - 1] ?? scale[0] ?? "#ccc";
}
