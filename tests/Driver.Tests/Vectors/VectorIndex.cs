using System.Text.Json;
using Driver.Tests.Support;

namespace Driver.Tests.Vectors;

/// <summary>
/// Reads the recorded protocol vectors. A test walks the index, one case per file, so a new vector is
/// tested without new code.
/// </summary>
public static class VectorIndex
{
    private static readonly Lazy<IReadOnlyDictionary<string, VectorEntry>> s_entries = new(Load);

    public static IReadOnlyDictionary<string, VectorEntry> Entries => s_entries.Value;

    public static VectorEntry Get(string file) => Entries.TryGetValue(file, out var entry)
        ? entry
        : throw new KeyNotFoundException($"Vector {file} is not in the index.");

    /// <summary>File names of one layer, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> FilesOf(params string[] layers)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries.Values.Where(e => layers.Contains(e.Layer)).OrderBy(e => e.File, StringComparer.Ordinal))
        {
            data.Add(entry.File);
        }
        return data;
    }

    public static byte[] ReadHex(string path)
    {
        var text = System.IO.File.ReadAllText(path);
        var hex = new string(text.Where(Uri.IsHexDigit).ToArray());
        return Convert.FromHexString(hex);
    }

    private static IReadOnlyDictionary<string, VectorEntry> Load()
    {
        var indexPath = Path.Combine(RepositoryPaths.Vectors, "index.json");
        if (!System.IO.File.Exists(indexPath))
        {
            throw new FileNotFoundException($"The protocol vectors are missing: {indexPath} (../shared must sit beside the repository).");
        }
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(indexPath));
        var entries = new Dictionary<string, VectorEntry>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var json = item.Clone();
            var file = json.GetProperty("file").GetString()!;
            var bytes = ReadHex(Path.Combine(RepositoryPaths.Vectors, file));
            entries[file] = new VectorEntry(json, bytes);
        }
        return entries;
    }
}
