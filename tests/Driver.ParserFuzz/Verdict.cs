using System.Diagnostics;
using Driver.Sync;

namespace Driver.ParserFuzz;

/// <summary>Runs one input under the crash rule of issue 13 and says whether, and how, it failed.</summary>
internal static class Verdict
{
    /// <summary>Null when the input ended in a result or a HanaProtocolException within its allocation bound.</summary>
    public static Crash? Judge(long execution, byte[] input)
    {
        var target = Harness.TargetOf(input);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Harness.Execute(input);
        }
        catch (HanaProtocolException)
        {
            // the documented parse failure
        }
        catch (Exception exception)
        {
            return new Crash(execution, target, exception.GetType().Name, exception.Message, Where(exception), input);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = Harness.AllocationBound(input);
        if (allocated > bound)
        {
            return new Crash(execution, target, "Allocation", $"{allocated:N0} bytes allocated for a {input.Length}-byte input (bound {bound:N0})", target.ToString(), input);
        }
        return null;
    }

    /// <summary>The innermost driver frame, so one defect hit from many inputs counts once.</summary>
    private static string Where(Exception exception)
    {
        var frames = new StackTrace(exception, false).GetFrames();
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType?.Namespace?.StartsWith("Driver.Core", StringComparison.Ordinal) == true)
            {
                return $"{method.DeclaringType.Name}.{method.Name}";
            }
        }
        return frames.Length > 0 && frames[0].GetMethod() is { } first ? $"{first.DeclaringType?.Name}.{first.Name}" : "?";
    }
}
