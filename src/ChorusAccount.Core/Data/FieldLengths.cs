namespace ChorusAccount.Core.Data;

/// <summary>Column lengths, shared by the schema and the validators.</summary>
public static class FieldLengths
{
    public const int Login = 64;
    public const int Name = 100;
    public const int Email = 254;
    public const int AddressLine = 200;
    public const int PostalCode = 10;
    public const int City = 100;
    public const int StructureIdentifier = 32;
    public const int CompanyName = 200;
    public const int ServiceCode = 64;
    public const int ServiceLabel = 200;
    public const int Reason = 1000;
    public const int Designation = 200;
    public const int FileName = 50;
    public const int ImportFileName = 260;
    public const int UserAgent = 256;
    public const int ClientAddress = 64;
}
