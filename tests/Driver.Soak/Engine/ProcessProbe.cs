using System.Diagnostics;

namespace Driver.Soak;

/// <summary>Process figures: open file descriptors and threads from /proc on Linux, the Process API elsewhere.</summary>
internal static class ProcessProbe
{
    public static int FileDescriptors()
    {
        if (Directory.Exists("/proc/self/fd"))
        {
            return Directory.GetFiles("/proc/self/fd").Length;
        }
        using var process = Process.GetCurrentProcess();
        return process.HandleCount;
    }

    public static int Threads()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan(8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }

    public static double WorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }
}
