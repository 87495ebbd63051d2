namespace Driver.TestServer.Engine;

internal enum CatalogChangeKind
{
    CreateTable,
    DropTable,
    RenameTable,
    AddColumn,
    DropColumn,
}
