from django.db import migrations

# Frozen copy: a migration must not change when the application code does.
SYSTEM_CATEGORIES = [
    ("Food", "utensils", "category-food"),
    ("Transport", "bus", "category-transport"),
    ("Utilities", "bolt", "category-utilities"),
    ("Entertainment", "film", "category-entertainment"),
    ("Healthcare", "heart-pulse", "category-healthcare"),
    ("Shopping", "bag", "category-shopping"),
    ("Housing", "home", "category-housing"),
    ("Education", "book", "category-education"),
    ("Travel", "plane", "category-travel"),
    ("Other", "dots", "category-other"),
]


def create_system_categories(apps, schema_editor) -> None:
    Category = apps.get_model("categories", "Category")
    for name, icon, color_token in SYSTEM_CATEGORIES:
        Category.objects.get_or_create(
            owner=None,
            name=name,
            defaults={"name_key": name.casefold(), "icon": icon, "color_token": color_token},
        )


def remove_system_categories(apps, schema_editor) -> None:
    Category = apps.get_model("categories", "Category")
    Category.objects.filter(owner=None, name__in=[row[0] for row in SYSTEM_CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("categories", "0001_initial")]

    operations = [migrations.RunPython(create_system_categories, remove_system_categories)]
