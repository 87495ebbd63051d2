using System.Globalization;
using System.Security;
using System.Text;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// A plain SVG line chart (no package): the x values are categories spaced evenly (the scale harness's sizes grow
/// ×10 and its caller counts ×4, so even spacing is a log axis), one polyline with markers per series, y from 0.
/// </summary>
internal static class LineChart
{
    private static readonly string[] s_colors = ["#3b6ea5", "#d1603d", "#4f9d4a", "#8e5ea2", "#c9a227", "#5a5a5a", "#17becf"];

    public static string Render(string title, string? subtitle, string xLabel, string yLabel, IReadOnlyList<string> xs, IReadOnlyList<(string Name, double?[] Ys)> series)
    {
        const int width = 760, height = 440, left = 80, right = 190, top = 56, bottom = 60;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var max = series.SelectMany(s => s.Ys).Where(y => y.HasValue).Select(y => y!.Value).DefaultIfEmpty(1).Max();
        var yMax = NiceCeiling(max <= 0 ? 1 : max);
        double X(int i) => left + (xs.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(xs.Count - 1));
        double Y(double v) => top + plotHeight - plotHeight * v / yMax;
        var svg = new StringBuilder();
        void Add(FormattableString text) => svg.Append(string.Format(CultureInfo.InvariantCulture, text.Format, text.GetArguments()));
        Add($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Add($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        Add($"<text x=\"10\" y=\"20\" font-size=\"14\">{SecurityElement.Escape(title)}</text>");
        if (subtitle is not null)
        {
            Add($"<text x=\"10\" y=\"38\" font-size=\"11\" fill=\"#555\">{SecurityElement.Escape(subtitle)}</text>");
        }
        for (var tick = 0; tick <= 5; tick++)
        {
            var value = yMax * tick / 5;
            Add($"<line x1=\"{left}\" y1=\"{Y(value):F1}\" x2=\"{left + plotWidth}\" y2=\"{Y(value):F1}\" stroke=\"#ddd\"/>");
            Add($"<text x=\"{left - 6}\" y=\"{Y(value) + 4:F1}\" text-anchor=\"end\">{Format(value)}</text>");
        }
        for (var i = 0; i < xs.Count; i++)
        {
            Add($"<line x1=\"{X(i):F1}\" y1=\"{top}\" x2=\"{X(i):F1}\" y2=\"{top + plotHeight}\" stroke=\"#eee\"/>");
            Add($"<text x=\"{X(i):F1}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\">{SecurityElement.Escape(xs[i])}</text>");
        }
        Add($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>");
        Add($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>");
        Add($"<text x=\"{left + plotWidth / 2}\" y=\"{height - 16}\" text-anchor=\"middle\">{SecurityElement.Escape(xLabel)}</text>");
        Add($"<text x=\"16\" y=\"{top + plotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {top + plotHeight / 2})\">{SecurityElement.Escape(yLabel)}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var color = s_colors[s % s_colors.Length];
            var points = series[s].Ys.Select((y, i) => (y, i)).Where(p => p.y.HasValue).Select(p => (X: X(p.i), Y: Y(p.y!.Value))).ToList();
            if (points.Count > 1)
            {
                Add($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(" ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:F1},{p.Y:F1}")))}\"/>");
            }
            foreach (var (x, y) in points)
            {
                Add($"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"3.5\" fill=\"{color}\"/>");
            }
            var legendY = top + 10 + s * 20;
            Add($"<line x1=\"{left + plotWidth + 15}\" y1=\"{legendY}\" x2=\"{left + plotWidth + 35}\" y2=\"{legendY}\" stroke=\"{color}\" stroke-width=\"2\"/>");
            Add($"<text x=\"{left + plotWidth + 40}\" y=\"{legendY + 4}\">{SecurityElement.Escape(series[s].Name)}</text>");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static string Format(double value) => value switch
    {
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (value / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
