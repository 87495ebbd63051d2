using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace Driver.Benchmarks.Compare;

/// <summary>An SVG bar chart of fetch rows per second per contender, written beside the JSON.</summary>
internal static class Chart
{
    public static string FetchBars(JsonObject report)
    {
        var bars = ((JsonObject?)report["results"]?["fetch"] ?? new JsonObject())
            .Select(p => (Name: p.Key, Rate: (double?)p.Value?["rows_per_s"] ?? 0))
            .OrderByDescending(b => b.Rate)
            .ToList();
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Rate));
        const int width = 720, left = 110, barHeight = 26, gap = 10, top = 40;
        var height = top + bars.Count * (barHeight + gap) + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"22\" font-size=\"15\">fetch: rows per second ({report["rows"]} rows, same test server, one run)</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = top + i * (barHeight + gap);
            var length = (width - left - 150) * bars[i].Rate / max;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{y + 18}\">{SecurityElement.Escape(bars[i].Name)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y}\" width=\"{length:F1}\" height=\"{barHeight}\" fill=\"#3b6ea5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + length + 6:F1}\" y=\"{y + 18}\">{bars[i].Rate:N0}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
