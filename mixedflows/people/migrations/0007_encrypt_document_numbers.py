# Encrypt existing document numbers in place and fill their blind index; the reverse decrypts them and
# fills number_normalised again (#16 item 10).
from django.db import migrations

from mixedflows.core.encryption_migrations import decrypt_columns, encrypt_columns


def encrypt(apps, schema_editor):
    from mixedflows.core.encryption import blind_index
    from mixedflows.lib.names import normalise_document_number

    Document = apps.get_model("people", "Document")
    for doc in Document._base_manager.filter(number_index="").exclude(number="").only("pk", "number").iterator():
        if not doc.number.startswith("enc:"):
            index = blind_index(normalise_document_number(doc.number), context="people.document.number")
            Document._base_manager.filter(pk=doc.pk).update(number_index=index)
    encrypt_columns(Document, ["number"])


def decrypt(apps, schema_editor):
    from mixedflows.lib.names import normalise_document_number

    Document = apps.get_model("people", "Document")
    decrypt_columns(Document, ["number"])
    for doc in Document._base_manager.only("pk", "number").iterator():
        Document._base_manager.filter(pk=doc.pk).update(number_normalised=normalise_document_number(doc.number))


class Migration(migrations.Migration):
    dependencies = [("people", "0006_document_number_text")]

    operations = [migrations.RunPython(encrypt, decrypt)]
