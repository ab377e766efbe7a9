namespace ChorusAccount.Web.Models;

/// <summary>« Ajouter une pièce jointe »: « Parcourir », « Désignation », the type.</summary>
public sealed class DocumentForm
{
    public IFormFile? File { get; set; }
    public string? Designation { get; set; }
    public int? DocumentTypeId { get; set; }
}
