import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from mixedflows.core.models import Organisation, User
from mixedflows.core.tasks import audit_head_export_schedule
from mixedflows.demo.cases import add_cases_demo
from mixedflows.demo.cooperation import add_cooperation_demo
from mixedflows.demo.dataprotection import add_dataprotection_demo
from mixedflows.demo.detention import add_detention_demo
from mixedflows.demo.flows import add_flows_demo
from mixedflows.demo.generator import Generator
from mixedflows.demo.linkage import add_linkage_demo
from mixedflows.demo.mfa import add_mfa_demo, demo_totp_code, demo_totp_secret
from mixedflows.demo.outreach import add_outreach_demo
from mixedflows.demo.referrals import add_referrals_demo
from mixedflows.demo.scenes import add_scenes
from mixedflows.demo.screening import add_screening_demo
from mixedflows.demo.training import add_training_demo
from mixedflows.demo.world import DEMO_PASSWORD, ensure_world
from mixedflows.lib.catalogues import compile_catalogues
from mixedflows.lib.commands import progress_bar


class Command(BaseCommand):
    help = (
        "Set up the demo (migrate, generate invented data once) and run the web server with one task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=2000, help="About how many person records to generate"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Address and port to serve on")
        parser.add_argument("--no-serve", action="store_true", help="Only prepare the data, then exit")
        parser.add_argument("--reset", action="store_true", help="Empty the database first")
        parser.add_argument(
            "--code", action="store_true", help="Print the demo authenticator's current code, then exit"
        )

    def handle(self, *args, people, seed, addr, no_serve, reset, code=False, **options):
        if code:
            self.stdout.write(demo_totp_code())
            return
        call_command("migrate", interactive=False, verbosity=0)
        for problem in compile_catalogues():
            self.stderr.write(problem)
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        if Organisation.objects.filter(short_name="AGM").exists():
            self.stdout.write("Demo data already present (use --reset to start again).")
        else:
            self.generate(people=people, seed=seed)
        self.needing_mfa = set(add_mfa_demo())
        self.print_logins(addr)
        if not no_serve:
            self.serve(addr)

    def generate(self, *, people: int, seed: int) -> None:
        world = ensure_world()
        generator = Generator(world, seed=seed)
        bar = progress_bar(people, "generating people", stream=self.stderr)
        started = time.monotonic()
        generator.run(people=people, progress=bar.update)
        add_scenes(generator)
        add_cases_demo(world, seed=seed)
        bar.close()
        screened = add_screening_demo(world, seed=seed)
        add_referrals_demo(world, seed=seed)
        add_flows_demo(world, seed=seed)
        add_detention_demo(world, seed=seed)
        add_outreach_demo(world, seed=seed)
        add_training_demo(world, seed=seed)
        add_cooperation_demo(world, seed=seed)  # after the activities it tags with its project
        add_dataprotection_demo(world, seed=seed)
        self.stdout.write(f"Screened {screened} people with the protection instrument.")
        add_linkage_demo(world, seed=seed)
        self.stdout.write(
            f"Generated {generator.records} invented person records in {time.monotonic() - started:.1f} s."
        )

    def print_logins(self, addr: str) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"\nmixedflows demo at http://{addr}/  (password for every login: {DEMO_PASSWORD})"
            )
        )
        # Read the logins back from the database: module demos (cases) add their own users.
        users = User.objects.filter(memberships__isnull=False).distinct().order_by("username")
        for user in users.prefetch_related("memberships__organisation"):
            memberships = list(user.memberships.all())
            roles = ", ".join(m.get_role_display() for m in memberships)
            star = "*" if user.username in self.needing_mfa else " "
            self.stdout.write(
                f"  {user.username:<19}{star} {memberships[0].organisation.short_name}  {roles}"
            )
        self.stdout.write(f"  {'admin':<19}* platform administrator (no access to personal records)")
        self.stdout.write(
            f"\n* asks for a two-factor code after the password: add the demo key {demo_totp_secret()} to an\n"
            "  authenticator app (FreeOTP, Aegis, Google or Microsoft Authenticator), or run\n"
            "  `mixedflows demo --code` for the current code.\n"
        )

    def serve(self, addr: str) -> None:
        stop = []
        # Handle both signals before starting the children: a shell may start us with SIGINT ignored
        # (the children would inherit that), and service managers send SIGTERM.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.append(True))
        cli = [sys.executable, "-m", "mixedflows.cli"]
        audit_head_export_schedule()  # the worker keeps the audit chain's head, hourly, outside the data directory
        worker = subprocess.Popen([*cli, "db_worker", "--queue-name", "default"])
        web = subprocess.Popen([*cli, "runserver", "--noreload", addr])
        self.stdout.write("Web server and task worker running. Press Ctrl-C to stop both.")
        try:
            while not stop and worker.poll() is None and web.poll() is None:
                time.sleep(0.5)
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in (web, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            self.stdout.write("Stopped the web server and the task worker.")
