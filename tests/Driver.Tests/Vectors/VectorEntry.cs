using System.Text.Json;

namespace Driver.Tests.Vectors;

/// <summary>One entry of <c>../shared/protocol/vectors/index.json</c> with its bytes.</summary>
public sealed class VectorEntry
{
    public VectorEntry(JsonElement json, byte[] bytes)
    {
        Json = json;
        Bytes = bytes;
        File = json.GetProperty("file").GetString()!;
        Layer = json.GetProperty("layer").GetString()!;
        Expected = json.GetProperty("expected");
        PartKind = json.TryGetProperty("partKind", out var kind) && kind.ValueKind == JsonValueKind.Number ? kind.GetInt32() : null;
        TypeCode = json.TryGetProperty("typeCode", out var type) && type.ValueKind == JsonValueKind.Number ? type.GetInt32() : null;
        Notes = json.TryGetProperty("notes", out var notes) ? notes.GetString() ?? string.Empty : string.Empty;
    }

    public JsonElement Json { get; }
    public byte[] Bytes { get; }
    public string File { get; }
    public string Layer { get; }
    public JsonElement Expected { get; }
    public int? PartKind { get; }
    public int? TypeCode { get; }
    public string Notes { get; }

    public override string ToString() => File;
}
