using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Mapping;

/// <summary>
/// The columns of a result as mapping sees them: names, the CLR types the reader gives (GetFieldType) and the HANA
/// type names. <see cref="Key"/> identifies the shape in the mapper cache; two queries with the same column names
/// and types share one compiled mapper per target type.
/// </summary>
internal sealed class ColumnShape
{
    private ColumnShape(string[] names, Type[] types, string[] typeNames, string key)
    {
        Names = names;
        Types = types;
        TypeNames = typeNames;
        Key = key;
    }

    public string[] Names { get; }

    public Type[] Types { get; }

    public string[] TypeNames { get; }

    public string Key { get; }

    public static ColumnShape Of(HanaDataReader reader)
    {
        var count = reader.FieldCount;
        var names = new string[count];
        var types = new Type[count];
        var typeNames = new string[count];
        var key = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            names[i] = reader.GetName(i);
            types[i] = reader.GetFieldType(i);
            typeNames[i] = reader.GetDataTypeName(i);
            // separators that cannot occur in the type names keep "A,B" + "C" apart from "A" + "B,C"
            key.Append(names[i]).Append('\u001F').Append(typeNames[i]).Append('\u001E');
        }
        return new ColumnShape(names, types, typeNames, key.ToString());
    }
}
