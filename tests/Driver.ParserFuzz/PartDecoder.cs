using Driver.Core.Auth;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;
using Driver.TestServer.Protocol;

namespace Driver.ParserFuzz;

/// <summary>
/// Decodes a part buffer by its kind with the protocol core's readers, touching every value the way the driver or
/// the test server would (names, option values, rows, LOB chunks). Returns a small checksum so the JIT cannot drop
/// the work; throws what the readers throw.
/// </summary>
internal static class PartDecoder
{
    public static long Decode(PartKind kind, int argumentCount, ReadOnlySpan<byte> buffer, ColumnMetadata[]? columns, ParameterMetadata[]? parameters)
    {
        long sum = 0;
        switch (kind)
        {
            case PartKind.Command:
                return ServerParts.ReadText(buffer).Length;
            case PartKind.Error:
                foreach (var record in ErrorPart.Read(buffer, argumentCount))
                {
                    sum += record.Code + record.Message.Length + record.SqlState.Length + record.DisplayMessage.Length;
                }
                return sum;
            case PartKind.StatementId:
            case PartKind.ResultSetId:
                return SimpleParts.ReadId(buffer);
            case PartKind.FetchSize:
                return ServerParts.ReadFetchSize(buffer);
            case PartKind.RowsAffected:
                foreach (var count in SimpleParts.ReadRowsAffected(buffer, argumentCount))
                {
                    sum += count;
                }
                return sum;
            case PartKind.TopologyInformation:
                foreach (var line in OptionsPart.ReadMultiline(buffer, argumentCount))
                {
                    sum += Options(line);
                }
                return sum;
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
            case PartKind.XaTransactionInfo:
            case PartKind.ClientPing:
                return Options(OptionsPart.Read(buffer, argumentCount));
            case PartKind.ReadLobRequest:
                return ServerParts.ReadReadLobRequest(buffer).Offset;
            case PartKind.ReadLobReply:
            {
                var reply = LobParts.ReadReadLobReply(buffer);
                var chunk = buffer.Slice(reply.ChunkOffset, reply.ChunkLength);
                // an NCLOB chunk is CESU-8 that may end inside a character (§10.1)
                var complete = chunk.Slice(0, chunk.Length - Cesu8.GetIncompleteTailLength(chunk));
                return reply.LocatorId + Cesu8.GetUtf16Length(complete) + (int)reply.Options;
            }
            case PartKind.WriteLobRequest:
                foreach (var chunk in ServerParts.ReadWriteLobRequest(buffer, argumentCount))
                {
                    sum += buffer.Slice(chunk.DataOffset, chunk.DataLength).Length + chunk.Offset;
                }
                return sum;
            case PartKind.WriteLobReply:
                foreach (var id in LobParts.ReadWriteLobReply(buffer, argumentCount))
                {
                    sum += id;
                }
                return sum;
            case PartKind.ParameterMetadata:
                foreach (var parameter in MetadataParts.ReadParameterMetadata(buffer, argumentCount))
                {
                    sum += (parameter.Name?.Length ?? 0) + parameter.Length + (int)parameter.TypeCode;
                }
                return sum;
            case PartKind.ResultSetMetadata:
                foreach (var column in MetadataParts.ReadResultSetMetadata(buffer, argumentCount))
                {
                    sum += (column.ColumnName?.Length ?? 0) + (column.DisplayName?.Length ?? 0) + (column.TableName?.Length ?? 0)
                        + (column.SchemaName?.Length ?? 0) + column.Length + (int)column.TypeCode;
                }
                return sum;
            case PartKind.ClientInfo:
                foreach (var pair in ServerParts.ReadClientInfo(buffer))
                {
                    sum += pair.Key.Length + (pair.Value?.Length ?? 0);
                }
                return sum;
            case PartKind.Authentication:
                foreach (var field in AuthFields.Decode(buffer))
                {
                    sum += field.Length;
                }
                return sum;
            case PartKind.ResultSet:
                return columns is null ? 0 : Rows(buffer, argumentCount, columns);
            case PartKind.OutputParameters:
                return parameters is null ? 0 : Rows(buffer, 1, OutputColumns(parameters));
            case PartKind.Parameters:
                return ParameterRows(buffer, 0);
            default:
                // §15.1 item 10: unknown kinds are skipped by their length
                return buffer.Length;
        }
    }

    private static long Options(OptionSet options)
    {
        long sum = 0;
        foreach (var item in options.Items)
        {
            var value = item.Value;
            sum += item.Key + value.ToString().Length;
            // the typed getters the driver applies to a CONNECT reply, TRANSACTIONFLAGS and STATEMENTCONTEXT
            // (ConnectionCore: connection id, data format version, compression flags, commit flags)
            sum += options.GetInt32(item.Key, 0) + options.GetInt64(item.Key, 0) + (options.GetBoolean(item.Key, false) ? 1 : 0)
                + (options.GetString(item.Key)?.Length ?? 0) + (options.GetBytes(item.Key)?.Length ?? 0);
        }
        return sum;
    }

    /// <summary>OUTPUTPARAMETERS carry the OUT and INOUT parameters in result-set encoding (§6.25).</summary>
    private static ColumnMetadata[] OutputColumns(ParameterMetadata[] parameters)
    {
        var result = new List<ColumnMetadata>();
        foreach (var parameter in parameters)
        {
            if (parameter.IsOutput)
            {
                result.Add(new ColumnMetadata { TypeCode = parameter.TypeCode, Fraction = parameter.Fraction, Length = parameter.Length });
            }
        }
        return result.ToArray();
    }

    /// <summary>RESULTSET rows as the driver loads them (ResultPage indexes every value), then every value read.</summary>
    public static long Rows(ReadOnlySpan<byte> buffer, int rowCount, ColumnMetadata[] columns)
    {
        using var page = new ResultPage();
        page.Load(buffer, rowCount, PartAttributes.LastPacket, columns);
        long sum = 0;
        for (var row = 0; row < page.RowCount; row++)
        {
            for (var column = 0; column < columns.Length; column++)
            {
                sum += Values.Read(columns[column].TypeCode, columns[column].Fraction, page.GetValue(row, column));
            }
        }
        return sum;
    }

    /// <summary>PARAMETERS rows as the test server reads them: values until the end of the part.</summary>
    public static long ParameterRows(ReadOnlySpan<byte> buffer, int scale)
    {
        var reader = new SpanReader(buffer);
        long sum = 0;
        while (!reader.AtEnd)
        {
            var value = ParameterValueReader.Read(ref reader, out var type, scale);
            sum += (int)type + Values.Checksum(value);
        }
        return sum;
    }
}
