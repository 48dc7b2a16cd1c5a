namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>The report's inline style sheet (the file references nothing outside itself).</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2330; margin: 0; background: #f5f6f8; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #d8dce3; padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 0 0 6px; }
        .summary { display: flex; flex-wrap: wrap; gap: 10px 28px; background: #fff; border: 1px solid #d8dce3; border-radius: 6px; padding: 12px 16px; }
        .summary div { min-width: 140px; }
        .summary dt { color: #5c6370; font-size: 12px; }
        .summary dd { margin: 0; font-weight: 600; }
        .verdict.ok { color: #2b8a3e; }
        .verdict.drift { color: #d9480f; }
        table { border-collapse: collapse; background: #fff; border: 1px solid #d8dce3; width: 100%; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: 6px 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid #eceef2; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child, td.text { text-align: left; }
        th.crossed, td.crossed { text-align: left; white-space: normal; }
        td.crossed { color: #a33c0c; }
        th { background: #eef1f5; font-weight: 600; }
        tr.drifted td { background: #fff4e6; }
        tr.drifted td:first-child { border-left: 3px solid #d9480f; font-weight: 600; }
        .badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #d9480f; color: #fff; margin-left: 6px; vertical-align: 1px; }
        .grid-plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 14px; }
        figure { margin: 0; background: #fff; border: 1px solid #d8dce3; border-radius: 6px; padding: 10px; }
        figure.drifted { border-color: #d9480f; box-shadow: inset 3px 0 0 #d9480f; }
        figcaption { font-weight: 600; margin-bottom: 4px; }
        figcaption .measures { font-weight: 400; color: #5c6370; margin-left: 6px; }
        svg.plot { display: block; width: 100%; height: auto; }
        svg.plot.wide { max-width: 900px; }
        svg .tick { font-size: 10px; fill: #5c6370; }
        svg .axis { stroke: #8c96a5; }
        svg .grid { stroke: #eceef2; }
        svg .threshold { stroke: #d9480f; stroke-dasharray: 5 4; }
        svg polyline { stroke-width: 1.5; }
        svg g.strong polyline { stroke-width: 3; }
        .key { color: #5c6370; font-size: 12px; margin: 0 0 8px; }
        .key .swatch, .legend .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: -1px; }
        .legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 2px 4px; font-size: 12px; }
        .legend li.drifted { font-weight: 600; }
        .empty { background: #fff; border: 1px dashed #c4c9d2; border-radius: 6px; padding: 16px; color: #5c6370; }
        .notes { color: #5c6370; }
        footer { color: #8c96a5; font-size: 12px; margin-top: 28px; }
        """;
}
