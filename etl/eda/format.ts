// Formats of the EDA report: the shared number formats, and HTML escaping for its page.
export { count, fixed, money, pct } from "../../ui/format.ts";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and attribute values (titles come from the raw data). */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
