using System.Text;
using Driver.Tests.Reliability;

namespace Driver.Fuzz;

/// <summary>Counts per mutation class: sessions, mutation took effect, and each outcome.</summary>
public sealed class SummaryTable
{
    private readonly Dictionary<MutationClass, int[]> _rows = new();

    public int Total { get; private set; }

    private static readonly string[] Columns = ["sessions", "effective", "correct", "documented", "raw", "hang", "silent wrong", "undetectable", "reused", "alloc", "late detected"];

    public void Add(CaseResult result)
    {
        if (!_rows.TryGetValue(result.Plan.Class, out var row))
        {
            _rows[result.Plan.Class] = row = new int[Columns.Length];
        }
        Total++;
        row[0]++;
        row[1] += result.Effective ? 1 : 0;
        row[2] += result.Outcome == Outcome.Correct ? 1 : 0;
        row[3] += result.Outcome == Outcome.Documented ? 1 : 0;
        row[4] += result.Outcome == Outcome.Raw ? 1 : 0;
        row[5] += result.Outcome == Outcome.Hang ? 1 : 0;
        row[6] += result.Outcome == Outcome.SilentWrong ? 1 : 0;
        row[7] += result.Outcome == Outcome.UndetectableCorruption ? 1 : 0;
        row[8] += result.Reused ? 1 : 0;
        row[10] += result.LateDetected ? 1 : 0;
        row[9] += result.AllocationSuspect ? 1 : 0;
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append($"| {"class",-14} |");
        foreach (var column in Columns)
        {
            text.Append($" {column} |");
        }
        text.AppendLine();
        text.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", Columns.Length))).AppendLine();
        var totals = new int[Columns.Length];
        foreach (var (mutation, row) in _rows.OrderBy(pair => pair.Key))
        {
            text.Append($"| {mutation,-14} |");
            for (var i = 0; i < row.Length; i++)
            {
                text.Append($" {row[i]} |");
                totals[i] += row[i];
            }
            text.AppendLine();
        }
        text.Append($"| {"total",-14} |");
        foreach (var total in totals)
        {
            text.Append($" {total} |");
        }
        return text.AppendLine().ToString();
    }
}
