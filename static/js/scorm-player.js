/* The SCORM player (training/scorm_player.html): starts npm scorm-again's runtime for the package's SCORM version
   with the learner's saved data, where the package looks for it (window.API or window.API_1484_11), then loads
   the package in its frame. Every commit (LMSCommit/Commit, LMSFinish/Terminate) is posted, synchronously as
   SCORM expects, with the CSRF token to our own API, which records it in the learner's enrolment. */
(function () {
  "use strict";
  var configElement = document.getElementById("scorm-config");
  var frame = document.getElementById("scorm-frame");
  if (!configElement || !frame) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var done = document.getElementById("scorm-done");
  var failed = document.getElementById("scorm-error");
  var GENERAL_COMMIT_FAILURE = 391;

  function post(url, params) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url, false);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("X-CSRFToken", config.csrfToken);
    try {
      xhr.send(JSON.stringify(params));
    } catch (error) {
      failed.hidden = false;
      return { result: "false", errorCode: GENERAL_COMMIT_FAILURE };
    }
    if (xhr.status < 200 || xhr.status > 299) {
      failed.hidden = false;
      return { result: "false", errorCode: GENERAL_COMMIT_FAILURE };
    }
    failed.hidden = true;
    var answer = JSON.parse(xhr.responseText);
    if (answer.completed) {
      done.hidden = false;
    }
    return { result: "true", errorCode: 0 };
  }

  // Our own transport instead of scorm-again's: the same synchronous POST for every commit, the last one too
  // (its default sends the last commit with navigator.sendBeacon, which cannot carry the CSRF header).
  var httpService = {
    processHttpRequest: function (url, params) {
      return post(url, params);
    },
    updateSettings: function () {},
  };
  var settings = {
    lmsCommitUrl: config.commitUrl,
    dataCommitFormat: "json",
    autocommit: false,
    logLevel: 5,
  };
  var api;
  var saved = config.cmi || {};
  if (config.version === "1.2") {
    api = new window.Scorm12API(settings, httpService);
    saved.core = Object.assign({}, saved.core, { student_id: config.learnerId, student_name: config.learnerName });
    api.loadFromJSON(saved, "");
    window.API = api;
  } else {
    api = new window.Scorm2004API(settings, httpService);
    saved = Object.assign({}, saved, { learner_id: config.learnerId, learner_name: config.learnerName });
    api.loadFromJSON(saved, "");
    window.API_1484_11 = api;
  }
  frame.src = config.launch;
})();
