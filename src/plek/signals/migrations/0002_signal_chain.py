# Signals: source organisation, address, arrear, assignment, cases, contact attempts, deliveries.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('people', '0002_household_householdmember'),
        ('signals', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SignalCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opened_on', models.DateField(verbose_name='geopend op')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
            ],
            options={
                'verbose_name': 'casus',
                'verbose_name_plural': 'casussen',
            },
        ),
        migrations.AddField(
            model_name='signal',
            name='arrear_amount',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, verbose_name='bedrag achterstand'),
        ),
        migrations.AddField(
            model_name='signal',
            name='arrear_since',
            field=models.DateField(blank=True, null=True, verbose_name='achterstand sinds'),
        ),
        migrations.AddField(
            model_name='signal',
            name='crisis',
            field=models.BooleanField(default=False, verbose_name='crisis'),
        ),
        migrations.AddField(
            model_name='signal',
            name='eviction_date',
            field=models.DateField(blank=True, null=True, verbose_name='ontruimingsdatum'),
        ),
        migrations.AddField(
            model_name='signal',
            name='house_number',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='huisnummer'),
        ),
        migrations.AddField(
            model_name='signal',
            name='house_number_addition',
            field=models.CharField(blank=True, max_length=10, verbose_name='toevoeging'),
        ),
        migrations.AddField(
            model_name='signal',
            name='postcode',
            field=models.CharField(blank=True, max_length=6, verbose_name='postcode'),
        ),
        migrations.AddField(
            model_name='signal',
            name='reported_birth_date',
            field=models.DateField(blank=True, null=True, verbose_name='geboortedatum (gemeld)'),
        ),
        migrations.AddField(
            model_name='signal',
            name='reported_family_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='achternaam (gemeld)'),
        ),
        migrations.AddField(
            model_name='signal',
            name='reported_initials',
            field=models.CharField(blank=True, max_length=20, verbose_name='voorletters (gemeld)'),
        ),
        migrations.AddField(
            model_name='signal',
            name='source_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='delivered_signals', to='accounts.organisation', verbose_name='bronorganisatie'),
        ),
        migrations.AddField(
            model_name='signal',
            name='source_reference',
            field=models.CharField(blank=True, max_length=64, verbose_name='referentie bron'),
        ),
        migrations.AddField(
            model_name='signal',
            name='team',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signals', to='accounts.team', verbose_name='team'),
        ),
        migrations.AddField(
            model_name='signal',
            name='worker',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_signals', to=settings.AUTH_USER_MODEL, verbose_name='medewerker'),
        ),
        migrations.CreateModel(
            name='ContactAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('attempted_on', models.DateField(verbose_name='datum')),
                ('kind', models.CharField(choices=[('telefoon', 'Telefoon'), ('huisbezoek', 'Huisbezoek'), ('brief', 'Brief'), ('email', 'E-mail'), ('sms', 'Sms of app'), ('spreekuur', 'Spreekuur / inloop'), ('warme_overdracht', 'Warme overdracht')], max_length=20, verbose_name='soort contact')),
                ('part_of_day', models.CharField(choices=[('ochtend', 'Ochtend'), ('middag', 'Middag'), ('avond', 'Avond')], max_length=10, verbose_name='dagdeel')),
                ('reached', models.BooleanField(verbose_name='bereikt')),
                ('note', models.TextField(blank=True, verbose_name='notitie')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='vastgelegd op')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vastgelegd door')),
                ('signal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='signals.signal', verbose_name='signaal')),
            ],
            options={
                'verbose_name': 'contactpoging',
                'verbose_name_plural': 'contactpogingen',
                'ordering': ['signal', 'attempted_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='aangeleverd op')),
                ('filename', models.CharField(max_length=200, verbose_name='bestandsnaam')),
                ('file_hash', models.CharField(max_length=64, verbose_name='controlegetal')),
                ('status', models.CharField(choices=[('pending', 'Wacht op uw keuze'), ('stored', 'Opgeslagen'), ('cancelled', 'Geannuleerd')], default='pending', max_length=16, verbose_name='status')),
                ('row_count', models.PositiveIntegerField(default=0, verbose_name='rijen')),
                ('error_count', models.PositiveIntegerField(default=0, verbose_name='rijen met fouten')),
                ('duplicate_count', models.PositiveIntegerField(default=0, verbose_name='al eerder aangeleverd')),
                ('stored_count', models.PositiveIntegerField(default=0, verbose_name='opgeslagen')),
                ('file_error', models.TextField(blank=True, verbose_name='fout in het bestand')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='besloten op')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='besloten door')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signal_deliveries', to='accounts.organisation', verbose_name='bronorganisatie')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='aangeleverd door')),
            ],
            options={
                'verbose_name': 'aanlevering',
                'verbose_name_plural': 'aanleveringen',
                'ordering': ['-uploaded_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='signal',
            name='delivery',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='signals', to='signals.delivery', verbose_name='aanlevering'),
        ),
        migrations.CreateModel(
            name='DeliveryRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('row_number', models.PositiveIntegerField(verbose_name='rij')),
                ('reference', models.CharField(blank=True, max_length=64, verbose_name='referentie')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='gegevens')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='fouten')),
                ('duplicate', models.BooleanField(default=False, verbose_name='al eerder aangeleverd')),
                ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='signals.delivery', verbose_name='aanlevering')),
            ],
            options={
                'verbose_name': 'rij van een aanlevering',
                'verbose_name_plural': 'rijen van aanleveringen',
                'ordering': ['delivery', 'row_number'],
            },
        ),
        migrations.CreateModel(
            name='Feedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('opgelost', 'Opgelost'), ('plan_gestart', 'Plan gestart'), ('doorverwezen', 'Doorverwezen'), ('geen_contact', 'Geen contact mogelijk'), ('ontruiming_voorkomen', 'Ontruiming voorkomen'), ('ontruiming', 'Ontruiming')], max_length=32, verbose_name='eindresultaat')),
                ('reported_on', models.DateField(verbose_name='teruggemeld op')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signal_feedback', to='accounts.organisation', verbose_name='bronorganisatie')),
                ('reported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='teruggemeld door')),
                ('signal', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='signals.signal', verbose_name='signaal')),
            ],
            options={
                'verbose_name': 'terugmelding',
                'verbose_name_plural': 'terugmeldingen',
                'ordering': ['-reported_on', '-id'],
            },
        ),
        migrations.AddField(
            model_name='signal',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='signals', to='signals.signalcase', verbose_name='casus'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(fields=['team', 'outcome', 'received_on'], name='signal_team_open_idx'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(fields=['worker', 'outcome'], name='signal_worker_open_idx'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(fields=['postcode', 'house_number'], name='signal_address_idx'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(fields=['source_organisation', 'received_on'], name='signal_source_idx'),
        ),
        migrations.AddConstraint(
            model_name='signal',
            constraint=models.UniqueConstraint(condition=models.Q(('source_reference', ''), _negated=True), fields=('source_organisation', 'source_reference'), name='signal_unique_source_reference'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['organisation', 'uploaded_at'], name='signals_del_organis_017593_idx'),
        ),
        migrations.AddConstraint(
            model_name='deliveryrow',
            constraint=models.UniqueConstraint(fields=('delivery', 'row_number'), name='delivery_row_unique'),
        ),
        migrations.AddIndex(
            model_name='feedback',
            index=models.Index(fields=['organisation', 'reported_on'], name='signals_fee_organis_cf5af1_idx'),
        ),
    ]
