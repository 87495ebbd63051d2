using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Mapping;

/// <summary>
/// Builds the delegate that turns the reader's current row into a T, once per (T, column shape): an expression
/// tree of typed-getter calls, compiled, so a row costs no reflection. What T can be:
/// <list type="bullet">
/// <item>a value type the reader returns (int, string, decimal, DateTime, an enum, byte[], ... or its Nullable):
/// the first column;</item>
/// <item>a type with a public parameterless constructor: its settable (or init) public properties;</item>
/// <item>otherwise (records with a positional constructor): the public constructor with the most parameters,
/// each parameter filled from the column of its name (a parameter with a default value may lack one), then any
/// other settable properties.</item>
/// </list>
/// Columns match by <see cref="ColumnMatcher"/>'s rule; columns no member uses are ignored; a property without a
/// column keeps its default unless it is <c>required</c>.
/// </summary>
internal static class RowMapperCompiler
{
#if NET
    private const DynamicallyAccessedMemberTypes Members = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties;
#endif

    /// <summary>A member being filled, for the messages of failures at run time.</summary>
    internal sealed record Slot(Type Target, string Member, Type MemberType, string Column, string ColumnType);

    public static Func<HanaDataReader, T> Compile<
#if NET
        [DynamicallyAccessedMembers(Members)]
#endif
        T>(ColumnShape shape)
    {
        var type = typeof(T);
        var reader = Expression.Parameter(typeof(HanaDataReader), "reader");
        var reads = new Reads(reader, shape);
        Expression created;
        if (ColumnReaders.IsScalar(type))
        {
            if (shape.Names.Length == 0)
            {
                throw new HanaMappingException($"The result has no column to map into {type.Name}.", type, "value", null);
            }
            created = reads.Member(0, type, "value", type);
        }
        else
        {
            created = Construct(type, reads, shape);
        }

        // every value is read into a local inside the try, the object built after it: an exception from the
        // type's own constructor or setters passes through unchanged, one from a getter names its column and member
        var slots = Expression.Constant(reads.Slots.ToArray());
        var failed = typeof(RowMapperCompiler).GetMethod(nameof(Failed), BindingFlags.NonPublic | BindingFlags.Static)!;
        CatchBlock Wrap(Type exceptionType)
        {
            var caught = Expression.Parameter(exceptionType, "error");
            return Expression.Catch(caught, Expression.Throw(Expression.Call(failed, slots, reads.Current, caught), typeof(void)));
        }
        var guarded = Expression.TryCatch(
            Expression.Block(typeof(void), reads.Assignments.Append(Expression.Empty())),
            Expression.Catch(typeof(HanaMappingException), Expression.Rethrow(typeof(void))),
            Wrap(typeof(InvalidCastException)),
            Wrap(typeof(OverflowException)),
            Wrap(typeof(FormatException)),
            Wrap(typeof(ArgumentException)));
        var block = Expression.Block(type, reads.Locals.Append(reads.Current), guarded, created);
        return Expression.Lambda<Func<HanaDataReader, T>>(block, reader).Compile();
    }

    private static Expression Construct(
#if NET
        [DynamicallyAccessedMembers(Members)]
#endif
        Type type, Reads reads, ColumnShape shape)
    {
        if (type.IsAbstract || type.IsInterface)
        {
            throw new HanaMappingException($"{type.Name} is abstract: rows map into concrete classes, records or structs.", type, type.Name, null);
        }
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var constructor = constructors.FirstOrDefault(c => c.GetParameters().Length == 0);
        NewExpression created;
        var parameters = Array.Empty<ParameterInfo>();
        if (constructor is null && !type.IsValueType)
        {
            if (constructors.Length == 0)
            {
                throw new HanaMappingException($"{type.Name} has no public constructor.", type, type.Name, null);
            }
            var most = constructors.Max(c => c.GetParameters().Length);
            var candidates = constructors.Where(c => c.GetParameters().Length == most).ToArray();
            if (candidates.Length > 1)
            {
                throw new HanaMappingException($"{type.Name} has {candidates.Length} public constructors with {most} parameters; give it one (or a parameterless one).", type, type.Name, null);
            }
            constructor = candidates[0];
            parameters = constructor.GetParameters();
            var arguments = new Expression[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                var name = parameter.Name ?? $"#{i}";
                var ordinal = ColumnMatcher.Find(shape.Names, name);
                if (ordinal >= 0)
                {
                    arguments[i] = reads.Member(ordinal, parameter.ParameterType, name, type);
                }
                else if (parameter.HasDefaultValue)
                {
                    arguments[i] = parameter.DefaultValue is null ? Expression.Default(parameter.ParameterType) : Expression.Constant(parameter.DefaultValue, parameter.ParameterType);
                }
                else
                {
                    throw new HanaMappingException(
                        $"The constructor parameter '{name}' of {type.Name} ({Describe(parameter.ParameterType)}) has no column; the result has {ColumnList(shape)}. " +
                        "Columns match members by name, ignoring case and underscores.",
                        type, name, null);
                }
            }
            created = Expression.New(constructor, arguments);
        }
        else
        {
            created = constructor is null ? Expression.New(type) : Expression.New(constructor);
        }

        var bindings = new List<MemberBinding>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetSetMethod() is null || property.GetIndexParameters().Length > 0
                || parameters.Any(p => p.Name is { } name && ColumnMatcher.SameName(name, property.Name)))
            {
                continue;
            }
            var ordinal = ColumnMatcher.Find(shape.Names, property.Name);
            if (ordinal >= 0)
            {
                bindings.Add(Expression.Bind(property, reads.Member(ordinal, property.PropertyType, property.Name, type)));
            }
            else if (property.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute"))
            {
                throw new HanaMappingException(
                    $"The required property {type.Name}.{property.Name} ({Describe(property.PropertyType)}) has no column; the result has {ColumnList(shape)}.",
                    type, property.Name, null);
            }
        }
        return bindings.Count == 0 ? created : Expression.MemberInit(created, bindings);
    }

    /// <summary>The reads of one mapper: a local per member, assigned in member order; the slot index kept for failures.</summary>
    private sealed class Reads(ParameterExpression reader, ColumnShape shape)
    {
        public ParameterExpression Current { get; } = Expression.Variable(typeof(int), "member");

        public List<ParameterExpression> Locals { get; } = new();

        public List<Expression> Assignments { get; } = new();

        public List<Slot> Slots { get; } = new();

        /// <summary>Reads column <paramref name="ordinal"/> for one member (NULL checked first) and returns the local that holds it.</summary>
        public ParameterExpression Member(int ordinal, Type memberType, string memberName, Type target)
        {
            var underlying = Nullable.GetUnderlyingType(memberType) ?? memberType;
            var columnType = shape.Types[ordinal];
            if (!ColumnReaders.CanRead(columnType, underlying))
            {
                throw new HanaMappingException(
                    $"Column {shape.Names[ordinal]} ({shape.TypeNames[ordinal]}, read as {Describe(columnType)}) cannot be mapped to {target.Name}.{memberName} ({Describe(memberType)}). " +
                    "Mapping converts as the typed getters do (lossless widening only): widen the member or CAST in the SQL.",
                    target, memberName, shape.Names[ordinal]);
            }
            var slot = new Slot(target, memberName, memberType, shape.Names[ordinal], shape.TypeNames[ordinal]);
            Expression value = ColumnReaders.Read(reader, ordinal, columnType, underlying);
            if (value.Type != memberType)
            {
                value = Expression.Convert(value, memberType);
            }
            var isNull = Expression.Call(reader, ColumnReaders.IsDBNull, Expression.Constant(ordinal));
            var whenNull = memberType.IsValueType && Nullable.GetUnderlyingType(memberType) is null
                ? Expression.Throw(Expression.Call(typeof(RowMapperCompiler).GetMethod(nameof(NullInto), BindingFlags.NonPublic | BindingFlags.Static)!, Expression.Constant(slot)), memberType)
                : (Expression)Expression.Default(memberType);
            var local = Expression.Variable(memberType, memberName);
            Assignments.Add(Expression.Assign(Current, Expression.Constant(Slots.Count)));
            Assignments.Add(Expression.Assign(local, Expression.Condition(isNull, whenNull, value)));
            Slots.Add(slot);
            Locals.Add(local);
            return local;
        }
    }

    private static HanaMappingException NullInto(Slot slot) => new(
        $"Column {slot.Column} is NULL but {slot.Target.Name}.{slot.Member} is {Describe(slot.MemberType)}, which cannot hold NULL; make it {Describe(slot.MemberType)}? (Nullable).",
        slot.Target, slot.Member, slot.Column);

    private static Exception Failed(Slot[] slots, int index, Exception error)
    {
        if (index < 0 || index >= slots.Length)
        {
            return error;
        }
        var slot = slots[index];
        return new HanaMappingException(
            $"Column {slot.Column} ({slot.ColumnType}) could not be mapped to {slot.Target.Name}.{slot.Member} ({Describe(slot.MemberType)}): {error.Message}",
            slot.Target, slot.Member, slot.Column, error);
    }

    private static string ColumnList(ColumnShape shape) =>
        shape.Names.Length == 0 ? "no columns" : "columns " + string.Join(", ", shape.Names);

    private static string Describe(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? inner.Name + "?" : type.Name;
}
