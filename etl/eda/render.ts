// Renders a vega-lite spec to an SVG string in Node, at build time: no canvas, no browser, no
// client-side script (the report page works with JavaScript off and under a strict CSP).
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
