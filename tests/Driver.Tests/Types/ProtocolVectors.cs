using System.Text.Json;

namespace Driver.Tests.Types;

/// <summary>Locates and loads the shared recorded vectors (/work/shared/protocol/vectors, beside the repository).</summary>
internal static class ProtocolVectors
{
    private static readonly Lazy<string> DirectoryPath = new(Locate);
    private static readonly Lazy<JsonElement[]> Index = new(LoadIndex);

    public static string Directory => DirectoryPath.Value;

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "protocol", "vectors");
            if (File.Exists(Path.Combine(candidate, "index.json")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("shared/protocol/vectors/index.json not found above " + AppContext.BaseDirectory);
    }

    private static JsonElement[] LoadIndex()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "index.json")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static IEnumerable<JsonElement> Entries(string layer) =>
        Index.Value.Where(e => e.GetProperty("layer").GetString() == layer);

    public static JsonElement Entry(string file) => Index.Value.Single(e => e.GetProperty("file").GetString() == file);

    public static byte[] Bytes(string file) =>
        Convert.FromHexString(string.Concat(File.ReadAllLines(Path.Combine(Directory, file))));
}
