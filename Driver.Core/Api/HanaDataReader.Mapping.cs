using System.Diagnostics.CodeAnalysis;
using Driver.Core.Mapping;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Row mapping (Driver.Core/Mapping): the reader keeps the compiled mapper of the last target type for its rows.
public sealed partial class HanaDataReader
{
    private Type? _mapperType;
    private Delegate? _mapper;

    /// <summary>
    /// Maps the current row into a <typeparamref name="T"/>: a record through its positional constructor, a class
    /// through its settable (or init) properties, or a single value (int, string, an enum, ...) from the first
    /// column. Columns match members by name, ignoring case, then ignoring underscores too (CUSTOMER_ID →
    /// CustomerId); values convert as the typed getters do (lossless widening only). The mapper is compiled once
    /// per type and column shape and reused by every later query. Driver.Async: a LOB column maps only when it
    /// arrived completely with its row. A row that does not fit throws <see cref="HanaMappingException"/>,
    /// naming the column and the member.
    /// </summary>
    public T Map<
#if NET
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
        T>()
    {
        if (_mapperType != typeof(T))
        {
            _mapper = RowMapperCache.Get<T>(this);
            _mapperType = typeof(T);
        }
        return ((Func<HanaDataReader, T>)_mapper!)(this);
    }
}
