using Driver.Tests.PublicApi;

namespace Driver.Tests.TestServer;

/// <summary>The test server's SYS catalog views, with HANA's column names, follow DDL (read over the wire by both flavors).</summary>
public class CatalogViewTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CatalogViewsDescribeTablesColumnsViewsKeysAndIndexes(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE SCHEMA CAT");
        await flavor.Execute(connection, "CREATE TABLE CAT.PARENT (ID INTEGER NOT NULL PRIMARY KEY, CODE NVARCHAR(12) NOT NULL UNIQUE, NOTE NCLOB, PRICE DECIMAL(9,3))");
        await flavor.Execute(connection, "CREATE TABLE CAT.CHILD (A INTEGER NOT NULL, B INTEGER NOT NULL, PARENT_ID INTEGER REFERENCES CAT.PARENT (ID), PRIMARY KEY (A, B))");
        await flavor.Execute(connection, "CREATE INDEX CHILD_PARENT ON CAT.CHILD (PARENT_ID)");
        await flavor.Execute(connection, "CREATE VIEW CAT.PARENT_CODES AS SELECT ID, CODE FROM CAT.PARENT");

        var tables = await flavor.Query(connection, "SELECT TABLE_NAME, IS_COLUMN_TABLE, HAS_PRIMARY_KEY FROM SYS.TABLES WHERE SCHEMA_NAME = 'CAT' ORDER BY TABLE_NAME");
        Assert.Equal([["CHILD", "TRUE", "TRUE"], ["PARENT", "TRUE", "TRUE"]], tables);

        var columns = await flavor.Query(connection, "SELECT COLUMN_NAME, POSITION, DATA_TYPE_NAME, LENGTH, SCALE, IS_NULLABLE FROM SYS.TABLE_COLUMNS " +
            "WHERE SCHEMA_NAME = ? AND TABLE_NAME = ? ORDER BY POSITION", "CAT", "PARENT");
        Assert.Equal(4, columns.Count);
        Assert.Equal(["ID", 1, "INTEGER", 10, 0, "FALSE"], columns[0]);
        Assert.Equal(["CODE", 2, "NVARCHAR", 12, null, "FALSE"], columns[1]);
        Assert.Equal(["NOTE", 3, "NCLOB", null, null, "TRUE"], columns[2]);
        Assert.Equal(["PRICE", 4, "DECIMAL", 9, 3, "TRUE"], columns[3]);

        Assert.Equal([["PARENT_CODES"]], await flavor.Query(connection, "SELECT VIEW_NAME FROM SYS.VIEWS WHERE SCHEMA_NAME = 'CAT'"));

        var keys = await flavor.Query(connection, "SELECT TABLE_NAME, COLUMN_NAME, POSITION, IS_PRIMARY_KEY, IS_UNIQUE_KEY FROM SYS.CONSTRAINTS " +
            "WHERE SCHEMA_NAME = 'CAT' AND CHECK_CONDITION IS NULL ORDER BY TABLE_NAME, IS_PRIMARY_KEY DESC, POSITION");
        Assert.Equal([["CHILD", "A", 1, "TRUE", "TRUE"], ["CHILD", "B", 2, "TRUE", "TRUE"], ["PARENT", "ID", 1, "TRUE", "TRUE"], ["PARENT", "CODE", 1, "FALSE", "TRUE"]], keys);

        var references = await flavor.Query(connection, "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_SCHEMA_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME, " +
            "REFERENCED_CONSTRAINT_NAME IS NOT NULL FROM SYS.REFERENTIAL_CONSTRAINTS WHERE SCHEMA_NAME = 'CAT'");
        Assert.Equal([["CHILD", "PARENT_ID", "CAT", "PARENT", "ID", true]], references);

        var indexes = await flavor.Query(connection, "SELECT TABLE_NAME, \"CONSTRAINT\" FROM SYS.INDEXES WHERE SCHEMA_NAME = 'CAT' ORDER BY TABLE_NAME, \"CONSTRAINT\" NULLS FIRST");
        Assert.Equal([["CHILD", null], ["CHILD", "PRIMARY KEY"], ["PARENT", "PRIMARY KEY"], ["PARENT", "UNIQUE"]], indexes);
        var indexColumns = await flavor.Query(connection, "SELECT INDEX_NAME, COLUMN_NAME, POSITION FROM SYS.INDEX_COLUMNS " +
            "WHERE SCHEMA_NAME = 'CAT' AND TABLE_NAME = 'CHILD' ORDER BY INDEX_NAME, POSITION");
        Assert.Contains(["CHILD_PARENT", "PARENT_ID", 1], indexColumns);
        Assert.Equal(3, indexColumns.Count);

        await flavor.Execute(connection, "DROP VIEW CAT.PARENT_CODES");
        await flavor.Execute(connection, "DROP TABLE CAT.CHILD");
        Assert.Equal([["PARENT"]], await flavor.Query(connection, "SELECT TABLE_NAME FROM SYS.TABLES WHERE SCHEMA_NAME = 'CAT'"));
        Assert.Empty(await flavor.Query(connection, "SELECT VIEW_NAME FROM SYS.VIEWS WHERE SCHEMA_NAME = 'CAT'"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SchemasAndUsersAreListedAsOnHana(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE SCHEMA SCHEMAS_" + name.ToUpperInvariant());

        var schemas = (await flavor.Query(connection, "SELECT SCHEMA_NAME, SCHEMA_OWNER FROM SYS.SCHEMAS ORDER BY SCHEMA_NAME"))
            .Select(row => ((string)row[0]!, (string)row[1]!)).ToList();
        Assert.Contains(("SYS", "SYS"), schemas);
        Assert.Contains(("SYSTEM", "SYSTEM"), schemas);
        Assert.Contains(("SCHEMAS_" + name.ToUpperInvariant(), "SYSTEM"), schemas);
        Assert.DoesNotContain(schemas, schema => schema.Item1 is "main" or "information_schema" or "pg_catalog");

        var users = await flavor.Query(connection, "SELECT USER_NAME, USER_DEACTIVATED FROM SYS.USERS WHERE USER_NAME IN ('SYS', 'SYSTEM') ORDER BY USER_NAME");
        Assert.Equal([["SYS", "FALSE"], ["SYSTEM", "FALSE"]], users);
        Assert.Equal([[true]], await flavor.Query(connection, "SELECT COUNT(DISTINCT USER_ID) = COUNT(*) FROM SYS.USERS"));
        await flavor.Close(connection);
    }
}
