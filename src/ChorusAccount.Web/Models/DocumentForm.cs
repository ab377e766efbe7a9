using System.ComponentModel.DataAnnotations;
using ChorusAccount.Core.Data;

namespace ChorusAccount.Web.Models;

/// <summary>« Ajouter une pièce jointe »: « Parcourir », « Désignation », the type.</summary>
public sealed class DocumentForm : IFluentValidatedForm
{
    [Required]
    public IFormFile? File { get; set; }
    [Required]
    [StringLength(FieldLengths.Designation)]
    public string? Designation { get; set; }
    [Required]
    public int? DocumentTypeId { get; set; }
}
