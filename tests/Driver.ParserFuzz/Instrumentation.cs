using System.Reflection.Metadata;

namespace Driver.ParserFuzz;

/// <summary>SharpFuzz instrumentation of the driver assembly (the only code whose edges are counted).</summary>
internal static class Instrumentation
{
    public static int Instrument(string assembly)
    {
        if (IsInstrumented(assembly))
        {
            Console.WriteLine($"{assembly} is already instrumented.");
            return 0;
        }
        // the protocol core only: Driver.Core.Protocol, .Types, .Compression, .Auth and what they call in the assembly
        SharpFuzz.Fuzzer.Instrument(assembly, type => type.StartsWith("Driver.Core.", StringComparison.Ordinal), SharpFuzz.Options.Value);
        Console.WriteLine($"instrumented {assembly}");
        return 0;
    }

    public static bool IsInstrumented() => IsInstrumented(Path.Combine(AppContext.BaseDirectory, "Driver.Sync.dll"));

    /// <summary>An instrumented assembly references SharpFuzz.Common (for Trace.SharedMem); the plain one does not.</summary>
    private static bool IsInstrumented(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            if (metadata.GetString(metadata.GetAssemblyReference(handle).Name) == "SharpFuzz.Common")
            {
                return true;
            }
        }
        return false;
    }
}
