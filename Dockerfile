# Target `runner`: the grading sandbox. Built offline by `crucible sandbox build`:
# the base is the official Python image when a registry answers, else a debootstrapped Debian
# bookworm (scripts/base-image.sh); Python packages come from wheels downloaded on the host.
ARG BASE=crucible-base:bookworm

FROM ${BASE} AS packages
COPY build/runner/requirements.txt /tmp/requirements.txt
COPY build/runner/wheels /tmp/wheels
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/python -m pip install --no-index --no-cache-dir --disable-pip-version-check \
        --find-links /tmp/wheels -r /tmp/requirements.txt \
 && /opt/venv/bin/python -m pip uninstall -y pip setuptools >/dev/null 2>&1 || true

FROM ${BASE} AS runner
COPY --from=packages /opt/venv /opt/venv
COPY graders/runtime/*.py /opt/crucible/
# Precompiled bytecode: the root filesystem is read-only at run time.
RUN echo 'candidate:x:10001:10001::/sandbox/home:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'grader:x:10002:10002::/sandbox/grader:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'candidate:x:10001:' >> /etc/group && echo 'grader:x:10002:' >> /etc/group \
 && /opt/venv/bin/python -m compileall -q /opt/crucible /opt/venv/lib \
 && find / -xdev -perm /6000 -type f -exec chmod ug-s {} + \
 && chmod -R a+rX /opt/crucible /opt/venv
ENV PATH=/opt/venv/bin:/usr/bin:/bin
WORKDIR /sandbox
ENTRYPOINT ["/opt/venv/bin/python", "-I", "/opt/crucible/harness.py"]
