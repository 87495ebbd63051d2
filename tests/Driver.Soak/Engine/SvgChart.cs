using System.Globalization;
using System.Net;
using System.Text;

namespace Driver.Soak;

/// <summary>A hand-written SVG line chart: minutes on x, a value axis from 0, one polyline per series, a legend.</summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 320;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 50;
    private const int Bottom = 44;

    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    public static string Render(string title, string unit, IReadOnlyList<double> seconds, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        var invariant = CultureInfo.InvariantCulture;
        var maxX = Math.Max(1.0, seconds.Count > 0 ? seconds[^1] / 60 : 1);
        var maxValue = series.SelectMany(s => s.Values).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();
        var maxY = NiceCeiling(maxValue);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        string X(double minutes) => (Left + minutes / maxX * plotWidth).ToString("0.#", invariant);
        string Y(double value) => (Top + plotHeight - value / maxY * plotHeight).ToString("0.#", invariant);

        var svg = new StringBuilder();
        svg.Append(invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(invariant, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(invariant, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>\n");
        for (var i = 0; i <= 5; i++)
        {
            var value = maxY * i / 5;
            svg.Append(invariant, $"<line x1=\"{Left}\" y1=\"{Y(value)}\" x2=\"{Width - Right}\" y2=\"{Y(value)}\" stroke=\"#ddd\"/>\n");
            svg.Append(invariant, $"<text x=\"{Left - 6}\" y=\"{Y(value)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Format(value)}</text>\n");
        }
        var step = NiceStep(maxX / 6);
        for (var minute = 0.0; minute <= maxX + 1e-9; minute += step)
        {
            svg.Append(invariant, $"<line x1=\"{X(minute)}\" y1=\"{Top}\" x2=\"{X(minute)}\" y2=\"{Top + plotHeight}\" stroke=\"#eee\"/>\n");
            svg.Append(invariant, $"<text x=\"{X(minute)}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{Format(minute)}</text>\n");
        }
        svg.Append(invariant, $"<text x=\"{Left + plotWidth / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">minutes</text>\n");
        svg.Append(invariant, $"<text x=\"14\" y=\"{Top + plotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + plotHeight / 2})\">{WebUtility.HtmlEncode(unit)}</text>\n");
        svg.Append(invariant, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#888\"/>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var points = new StringBuilder();
            for (var i = 0; i < seconds.Count && i < series[s].Values.Count; i++)
            {
                if (!double.IsNaN(series[s].Values[i]))
                {
                    points.Append(X(seconds[i] / 60)).Append(',').Append(Y(series[s].Values[i])).Append(' ');
                }
            }
            svg.Append(invariant, $"<polyline fill=\"none\" stroke=\"{Colors[s % Colors.Length]}\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"/>\n");
        }
        // the legend: a row of its own under the title, left to right
        var legendX = Left;
        for (var s = 0; s < series.Count; s++)
        {
            var color = Colors[s % Colors.Length];
            svg.Append(invariant, $"<rect x=\"{legendX}\" y=\"29\" width=\"10\" height=\"10\" fill=\"{color}\"/>\n");
            svg.Append(invariant, $"<text x=\"{legendX + 14}\" y=\"38\">{WebUtility.HtmlEncode(series[s].Name)}</text>\n");
            legendX += 14 + (int)(series[s].Name.Length * 6.6) + 18;
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Format(double value) =>
        value.ToString(value >= 100 || value == Math.Floor(value) ? "0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>1, 2 or 5 × a power of ten, at least the value (and at least 1).</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 1)
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var factor in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (factor * power >= value)
            {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static double NiceStep(double raw)
    {
        if (raw <= 0.5)
        {
            return raw <= 0.1 ? 0.1 : raw <= 0.25 ? 0.25 : 0.5;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * power >= raw)
            {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
