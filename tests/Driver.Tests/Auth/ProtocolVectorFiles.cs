using System.Text.Json;

namespace Driver.Tests.Auth;

/// <summary>
/// Access to /work/shared/protocol/vectors: found by walking up from the test binaries until a directory
/// holds shared/protocol/vectors/index.json (the repository's sibling "shared" folder).
/// </summary>
public static class ProtocolVectorFiles
{
    private static readonly Lazy<string> VectorDirectory = new(FindVectorDirectory);
    private static readonly Lazy<JsonElement[]> IndexEntries = new(LoadIndex);

    public static string Directory => VectorDirectory.Value;

    public static IReadOnlyList<JsonElement> Entries => IndexEntries.Value;

    /// <summary>MemberData rows: one file name per vector of <paramref name="layer"/>.</summary>
    public static TheoryData<string> FilesOfLayer(string layer)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries)
        {
            if (entry.GetProperty("layer").GetString() == layer)
            {
                data.Add(entry.GetProperty("file").GetString()!);
            }
        }
        return data;
    }

    public static JsonElement Entry(string file) =>
        Entries.Single(e => e.GetProperty("file").GetString() == file);

    public static JsonElement Expected(string file) => Entry(file).GetProperty("expected");

    /// <summary>Reads a .hex vector: lowercase hex, 64 characters per line (README "File format").</summary>
    public static byte[] ReadBytes(string file)
    {
        var text = File.ReadAllText(Path.Combine(Directory, file));
        return Convert.FromHexString(text.Replace("\n", "").Replace("\r", ""));
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static string FindVectorDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "protocol", "vectors");
            if (File.Exists(Path.Combine(candidate, "index.json")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No shared/protocol/vectors/index.json above {AppContext.BaseDirectory}.");
    }

    private static JsonElement[] LoadIndex()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "index.json")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
