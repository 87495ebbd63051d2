using System.Text.Json.Nodes;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Vectors;

/// <summary>
/// Decodes a part buffer with the protocol core and renders it in the vectors' JSON conventions, so the
/// result can be compared with <c>expected.decoded</c>. Returns null for kinds this renderer does not cover.
/// </summary>
internal static class PartJson
{
    public static JsonObject? Decode(int kind, int argumentCount, byte[] buffer, Func<int, int, byte[], JsonObject?>? rowDecoder = null)
    {
        switch ((PartKind)kind)
        {
            case PartKind.Command:
                return new JsonObject { ["text"] = ServerParts.ReadText(buffer) };
            case PartKind.Error:
                return new JsonObject
                {
                    ["errors"] = new JsonArray(ErrorPart.Read(buffer, argumentCount).Select(e => (JsonNode)new JsonObject
                    {
                        ["code"] = e.Code,
                        ["position"] = e.Position,
                        ["level"] = (int)e.Level,
                        ["sqlState"] = e.SqlState,
                        ["message"] = e.Message,
                    }).ToArray()),
                };
            case PartKind.StatementId:
            case PartKind.ResultSetId:
            {
                var id = SimpleParts.ReadId(buffer);
                return new JsonObject
                {
                    ["id"] = Convert.ToHexString(buffer.AsSpan(0, 8)).ToLowerInvariant(),
                    ["idAsUInt64"] = ((ulong)id).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }
            case PartKind.RowsAffected:
                return new JsonObject { ["rowsAffected"] = new JsonArray(SimpleParts.ReadRowsAffected(buffer, argumentCount).Select(v => (JsonNode)v).ToArray()) };
            case PartKind.TopologyInformation:
                return new JsonObject
                {
                    ["lines"] = new JsonArray(OptionsPart.ReadMultiline(buffer, argumentCount).Select(line => (JsonNode)Options(line)).ToArray()),
                };
            case PartKind.StatementContext:
            case PartKind.TransactionFlags:
            case PartKind.ConnectOptions:
            case PartKind.DbConnectInfo:
            case PartKind.ClientContext:
            case PartKind.SessionContext:
            case PartKind.CommitOptions:
            case PartKind.FetchOptions:
            case PartKind.LobFlags:
            case PartKind.CommandInfo:
                return new JsonObject { ["options"] = Options(OptionsPart.Read(buffer, argumentCount)) };
            case PartKind.ReadLobRequest:
            {
                var request = ServerParts.ReadReadLobRequest(buffer);
                return new JsonObject
                {
                    ["locatorId"] = Hex(buffer, 0, 8),
                    ["offset"] = request.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["length"] = request.Length,
                };
            }
            case PartKind.ReadLobReply:
            {
                var reply = LobParts.ReadReadLobReply(buffer);
                return new JsonObject
                {
                    ["locatorId"] = Hex(buffer, 0, 8),
                    ["options"] = (int)reply.Options,
                    ["chunkLength"] = reply.ChunkLength,
                    ["chunkHex"] = Hex(buffer, reply.ChunkOffset, reply.ChunkLength),
                };
            }
            case PartKind.WriteLobRequest:
            {
                var chunks = ServerParts.ReadWriteLobRequest(buffer, argumentCount);
                if (chunks.Count != 1)
                {
                    return new JsonObject { ["chunks"] = chunks.Count };
                }
                var chunk = chunks[0];
                var data = buffer.AsSpan(chunk.DataOffset, chunk.DataLength);
                var result = new JsonObject
                {
                    ["locatorId"] = Hex(buffer, 0, 8),
                    ["options"] = (int)chunk.Options,
                    ["offset"] = chunk.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["length"] = chunk.DataLength,
                };
                // the index shows printable data as text and binary data by its hash
                if (data.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0)
                {
                    result["data"] = System.Text.Encoding.ASCII.GetString(data);
                }
                else
                {
                    result["dataSha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();
                }
                return result;
            }
            case PartKind.WriteLobReply:
                return new JsonObject
                {
                    ["locatorIds"] = new JsonArray(LobParts.ReadWriteLobReply(buffer, argumentCount).Select(id => (JsonNode)Convert.ToHexString(BitConverter.GetBytes(id)).ToLowerInvariant()).ToArray()),
                };
            case PartKind.ParameterMetadata:
                return new JsonObject
                {
                    ["parameters"] = new JsonArray(MetadataParts.ReadParameterMetadata(buffer, argumentCount).Select(p => (JsonNode)new JsonObject
                    {
                        ["options"] = (int)p.Options,
                        ["typeCode"] = (int)p.TypeCode,
                        ["ioType"] = (int)p.Mode,
                        ["length"] = (int)p.Length,
                        ["fraction"] = (int)p.Fraction,
                        ["name"] = p.Name,
                    }).ToArray()),
                };
            case PartKind.ResultSetMetadata:
                return new JsonObject
                {
                    ["columns"] = new JsonArray(MetadataParts.ReadResultSetMetadata(buffer, argumentCount).Select(c => (JsonNode)new JsonObject
                    {
                        ["mode"] = (int)c.Options,
                        ["typeCode"] = (int)c.TypeCode,
                        ["fraction"] = (int)c.Fraction,
                        ["length"] = (int)c.Length,
                        ["tableName"] = c.TableName,
                        ["schemaName"] = c.SchemaName,
                        ["columnName"] = c.ColumnName,
                        ["columnDisplayName"] = c.DisplayName,
                    }).ToArray()),
                };
            case PartKind.ClientInfo:
            {
                var strings = new JsonArray();
                foreach (var pair in ServerParts.ReadClientInfo(buffer))
                {
                    strings.Add(pair.Key);
                    if (pair.Value is not null)
                    {
                        strings.Add(pair.Value);
                    }
                }
                return new JsonObject { ["strings"] = strings };
            }
            case PartKind.Authentication:
                // the index shows printable fields as text and binary ones (challenges, proofs) as hex
                return new JsonObject
                {
                    ["fields"] = new JsonArray(Driver.Core.Auth.AuthFields.Decode(buffer).Select(field => (JsonNode)(Array.TrueForAll(field, b => b is >= 0x20 and < 0x7F) && field.Length > 0
                        ? System.Text.Encoding.ASCII.GetString(field)
                        : Convert.ToHexString(field).ToLowerInvariant())).ToArray()),
                };
            default:
                return rowDecoder?.Invoke(kind, argumentCount, buffer);
        }
    }

    public static JsonArray Options(OptionSet options) => new(options.Items.Select(item => (JsonNode)new JsonObject
    {
        ["id"] = (int)item.Key,
        ["type"] = (int)item.Value.Type,
        ["value"] = OptionValueJson(item.Value),
    }).ToArray());

    private static JsonNode OptionValueJson(OptionValue value) => value.Type switch
    {
        OptionValueType.Boolean => JsonValue.Create(value.AsBoolean()),
        OptionValueType.String or OptionValueType.NString => JsonValue.Create(value.AsString()),
        OptionValueType.BString => new JsonObject { ["hex"] = Convert.ToHexString(value.AsBytes()).ToLowerInvariant() },
        OptionValueType.BigInt => JsonValue.Create(value.AsInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        OptionValueType.Double => JsonValue.Create(value.AsDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.AsInt64()),
    };

    private static string Hex(byte[] buffer, int offset, int length) => Convert.ToHexString(buffer, offset, length).ToLowerInvariant();
}
